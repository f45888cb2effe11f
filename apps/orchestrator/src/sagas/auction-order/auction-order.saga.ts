/**
 * The AuctionOrder saga: the Order saga for an auction's winner. The funds are already held by the winning
 * bid, so instead of placing a hold it adopts that one (wallet.confirmHold: still active, re-referenced
 * `order:<orderId>`); then the Order saga's steps after reserveFunds, exactly as built for the same
 * version of the Order saga (v1: charge → reserveStock → bookDelivery → captureFunds; v2 adds payoutSeller,
 * and refundEscrow as the capture's compensation). A failure releases the winner's hold (adoptHold's
 * compensation) after undoing the later steps; once captured, the hold is refunded from escrow instead,
 * and the release finds nothing left to give back. The auction is over and the buyer has won: no step has
 * a business deadline, so a participant that is slow or down only delays the order, never cancels it.
 */
import { ConfirmHoldData, OrderSagaMessages as M, ReleaseHoldData } from '@app/contracts';
import { defineSaga, SagaDefinition } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { assembleSaga, compensationTiming, forwardTiming, stepOn } from '../saga-steps';
import { buildOrderSagaV1, buildOrderSagaV2, OrderData, OrderSteps } from '../order/order.saga';

export const AUCTION_ORDER_SAGA = 'AuctionOrder';

export interface AuctionOrderData extends OrderData {
  lotId: string;
  /** The winning bid's hold; known from the start. */
  holdId: string;
  /** The winner's other allowance holds on the lot, merged into `holdId` by adoptHold. */
  mergeHoldIds?: string[];
}

export const AuctionOrderSteps = { adoptHold: 'adoptHold', ...OrderSteps } as const;

/** What an Order step's reply folding must not change on auction order data: the adopted holds. */
const auctionFields = (data: AuctionOrderData): Partial<AuctionOrderData> => ({
  holdId: data.holdId,
  ...(data.mergeHoldIds ? { mergeHoldIds: data.mergeHoldIds } : {}),
});

/** v1: adoptHold, then Order v1's steps (the capture is the pivot). Kept for the sagas started on it. */
export function buildAuctionOrderSagaV1(p: SagaPolicies = sagaPolicies()): SagaDefinition<AuctionOrderData> {
  return auctionOrderSaga(1, buildOrderSagaV1(withoutDeadline(p)), p);
}

/** v2: adoptHold, then Order v2's steps (the capture refunded if the order turns back, the payout the pivot). */
export function buildAuctionOrderSagaV2(p: SagaPolicies = sagaPolicies()): SagaDefinition<AuctionOrderData> {
  return auctionOrderSaga(2, buildOrderSagaV2(withoutDeadline(p)), p);
}

const withoutDeadline = (p: SagaPolicies): SagaPolicies => ({ ...p, orderStepDeadlineMs: undefined });

/** adoptHold, then the steps of `order` (a version of the Order saga) after its reserveFunds. */
function auctionOrderSaga(
  version: number,
  order: SagaDefinition<OrderData>,
  p: SagaPolicies,
): SagaDefinition<AuctionOrderData> {
  const adopt = defineSaga<AuctionOrderData>(AUCTION_ORDER_SAGA, version)
    .step(AuctionOrderSteps.adoptHold, {
      participant: 'wallet',
      command: ({ data }) => ({
        type: M.wallet.confirmHold,
        data: {
          holdId: data.holdId,
          userId: data.buyerId,
          amount: data.amount,
          reference: `order:${data.orderId}`,
          ...(data.mergeHoldIds?.length ? { mergeHoldIds: data.mergeHoldIds } : {}),
        } satisfies ConfirmHoldData,
      }),
      onReply: { success: M.wallet.holdConfirmed, failure: M.wallet.holdNotActive },
      compensation: {
        ...compensationTiming(p),
        command: ({ data, forwardCommandId }) => ({
          type: M.wallet.releaseHold,
          data: { forwardCommandId, holdId: data.holdId } satisfies ReleaseHoldData,
        }),
      },
      ...forwardTiming(p),
    })
    .build();
  const orderSteps = order.steps.filter((s) => s.name !== OrderSteps.reserveFunds);
  return assembleSaga(AUCTION_ORDER_SAGA, version, [
    ...adopt.steps,
    ...orderSteps.map((s) => stepOn(s, auctionFields)),
  ]);
}
