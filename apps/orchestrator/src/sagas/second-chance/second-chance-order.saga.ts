/**
 * The SecondChanceOrder saga: the order of a runner-up who accepted a second-chance offer on a lot whose
 * winner's order failed. Their allowance holds were released when the auction closed, so unlike the
 * AuctionOrder it holds their funds afresh — it is the Order saga v2 step for step (reserveFunds:
 * wallet.placeHold of the offered amount, charge, reserveStock, bookDelivery, captureFunds, payoutSeller,
 * the pivot), with the lot in its data. A hold the wallet refuses (WALLET.INSUFFICIENT_FUNDS: their funds no
 * longer cover their bid) cancels the order at once, nothing else done. Like the AuctionOrder, no step has a
 * business deadline: the buyer has accepted, a slow participant only delays the order.
 */
import {
  InvalidSagaDefinitionError,
  SagaDefinition,
  StepDefinition,
  validateSagaDefinition,
} from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { buildOrderSagaV2, OrderData } from '../order/order.saga';

export const SECOND_CHANCE_ORDER_SAGA = 'SecondChanceOrder';

export interface SecondChanceOrderData extends OrderData {
  lotId: string;
}

/** An Order step on second-chance data: its reply folding keeps the lot. */
function keepingLot(step: StepDefinition<OrderData>): StepDefinition<SecondChanceOrderData> {
  const apply = step.onReply.apply;
  return {
    ...step,
    command: (ctx) => step.command(ctx),
    onReply: {
      success: step.onReply.success,
      failure: step.onReply.failure,
      ...(apply
        ? {
            apply: (data: SecondChanceOrderData, reply) => ({
              ...data,
              ...apply(data, reply),
              lotId: data.lotId,
            }),
          }
        : {}),
    },
  };
}

/** v1: Order v2's steps, on data that carries the lot. */
export function buildSecondChanceOrderSagaV1(
  p: SagaPolicies = sagaPolicies(),
): SagaDefinition<SecondChanceOrderData> {
  const order = buildOrderSagaV2({ ...p, orderStepDeadlineMs: undefined });
  const definition: SagaDefinition<SecondChanceOrderData> = {
    type: SECOND_CHANCE_ORDER_SAGA,
    version: 1,
    steps: order.steps.map(keepingLot),
  };
  const problems = validateSagaDefinition(definition);
  if (problems.length > 0) throw new InvalidSagaDefinitionError(problems);
  return Object.freeze(definition);
}
