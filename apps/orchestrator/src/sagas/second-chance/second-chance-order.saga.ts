/**
 * The SecondChanceOrder saga: the order of a runner-up who accepted a second-chance offer on a lot whose
 * winner's order failed. Their allowance holds were released when the auction closed, so unlike the
 * AuctionOrder it holds their funds afresh — it is the Order saga v2 step for step (reserveFunds:
 * wallet.placeHold of the offered amount, charge, reserveStock, bookDelivery, captureFunds, payoutSeller,
 * the pivot), with the lot in its data. A hold the wallet refuses (WALLET.INSUFFICIENT_FUNDS: their funds no
 * longer cover their bid) cancels the order at once, nothing else done. Like the AuctionOrder, no step has a
 * business deadline: the buyer has accepted, a slow participant only delays the order.
 */
import { SagaDefinition } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { assembleSaga, stepOn } from '../saga-steps';
import { buildOrderSagaV2, OrderData } from '../order/order.saga';

export const SECOND_CHANCE_ORDER_SAGA = 'SecondChanceOrder';

export interface SecondChanceOrderData extends OrderData {
  lotId: string;
}

/** What an Order step's reply folding must not change on second-chance data: the lot. */
const lotField = (data: SecondChanceOrderData): Partial<SecondChanceOrderData> => ({ lotId: data.lotId });

/** v1: Order v2's steps, on data that carries the lot. */
export function buildSecondChanceOrderSagaV1(
  p: SagaPolicies = sagaPolicies(),
): SagaDefinition<SecondChanceOrderData> {
  const order = buildOrderSagaV2({ ...p, orderStepDeadlineMs: undefined });
  return assembleSaga(
    SECOND_CHANCE_ORDER_SAGA,
    1,
    order.steps.map((s) => stepOn(s, lotField)),
  );
}
