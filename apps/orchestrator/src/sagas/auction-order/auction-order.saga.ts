/**
 * The AuctionOrder saga, version 1: the Order saga for an auction's winner. The funds are already held
 * by the winning bid, so instead of placing a hold it adopts that one (wallet.confirmHold: still active,
 * re-referenced `order:<orderId>`); then charge → reserveStock → bookDelivery → captureFunds exactly as
 * in the Order saga (its built steps are reused). A failure releases the winner's hold (adoptHold's
 * compensation) after undoing the later steps. The auction is over and the buyer has won: no step has
 * a business deadline, so a participant that is slow or down only delays the order, never cancels it.
 */
import { ConfirmHoldData, OrderSagaMessages as M, ReleaseHoldData } from '@app/contracts';
import {
  defineSaga,
  SagaDefinition,
  StepDefinition,
  validateSagaDefinition,
  InvalidSagaDefinitionError,
} from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { buildOrderSagaV1, OrderData, OrderSteps } from '../order/order.saga';

export const AUCTION_ORDER_SAGA = 'AuctionOrder';

export interface AuctionOrderData extends OrderData {
  lotId: string;
  /** The winning bid's hold; known from the start. */
  holdId: string;
  /** The winner's other allowance holds on the lot, merged into `holdId` by adoptHold. */
  mergeHoldIds?: string[];
}

export const AuctionOrderSteps = { adoptHold: 'adoptHold', ...OrderSteps } as const;

/** An Order step working on auction order data (its reply folding keeps the auction fields). */
function fromOrderStep(step: StepDefinition<OrderData>): StepDefinition<AuctionOrderData> {
  const apply = step.onReply.apply;
  return {
    ...step,
    command: (ctx) => step.command(ctx),
    onReply: {
      success: step.onReply.success,
      failure: step.onReply.failure,
      ...(apply
        ? {
            apply: (data: AuctionOrderData, reply) => ({
              ...data,
              ...apply(data, reply),
              holdId: data.holdId,
              ...(data.mergeHoldIds ? { mergeHoldIds: data.mergeHoldIds } : {}),
            }),
          }
        : {}),
    },
  };
}

export function buildAuctionOrderSagaV1(p: SagaPolicies = sagaPolicies()): SagaDefinition<AuctionOrderData> {
  const adopt = defineSaga<AuctionOrderData>(AUCTION_ORDER_SAGA, 1)
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
        timeoutMs: p.compensationTimeoutMs,
        retry: p.compensationRetry,
        command: ({ data, forwardCommandId }) => ({
          type: M.wallet.releaseHold,
          data: { forwardCommandId, holdId: data.holdId } satisfies ReleaseHoldData,
        }),
      },
      timeoutMs: p.stepTimeoutMs,
      retry: p.forwardRetry,
    })
    .build();
  const orderSteps = buildOrderSagaV1({ ...p, orderStepDeadlineMs: undefined }).steps.filter(
    (s) => s.name !== OrderSteps.reserveFunds,
  );
  const definition: SagaDefinition<AuctionOrderData> = {
    type: AUCTION_ORDER_SAGA,
    version: 1,
    steps: [...adopt.steps, ...orderSteps.map(fromOrderStep)],
  };
  const problems = validateSagaDefinition(definition);
  if (problems.length > 0) throw new InvalidSagaDefinitionError(problems);
  return Object.freeze(definition);
}
