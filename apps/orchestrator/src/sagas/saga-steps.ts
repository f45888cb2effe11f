/**
 * Step builders shared by the saga definitions: the timings every step takes from the policies, the
 * wallet hold that PlaceBid, BidAllowance and Order (hence SecondChanceOrder) place first, and the Order
 * saga's steps reused on the data of an order that carries more (AuctionOrder, SecondChanceOrder).
 * Each definition still names its own steps; these only build what the step does.
 */
import { OrderSagaMessages as M, PlaceHoldData, ReleaseHoldData } from '@app/contracts';
import {
  InvalidSagaDefinitionError,
  replyText,
  RetryPolicy,
  SagaDefinition,
  SagaReply,
  StepDefinition,
  StepSpec,
  validateSagaDefinition,
} from '@app/saga';
import { SagaPolicies } from './saga-policies';

/** How the attempts of a step (or of its compensation) are timed. */
export interface StepTiming {
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly deadlineMs?: number;
}

/** A forward step's attempts; with `deadlineMs` (when defined) it is abandoned and compensated then. */
export function forwardTiming(p: SagaPolicies, deadlineMs?: number): StepTiming {
  return {
    timeoutMs: p.stepTimeoutMs,
    retry: p.forwardRetry,
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  };
}

/** A compensation's attempts: never abandoned. */
export function compensationTiming(p: SagaPolicies): Omit<StepTiming, 'deadlineMs'> {
  return { timeoutMs: p.compensationTimeoutMs, retry: p.compensationRetry };
}

/**
 * wallet.placeHold of `hold(data)`, its holdId kept in the data; undone by wallet.releaseHold quoting the
 * forward command (and the hold, once known), so a hold that appears after the step was abandoned is
 * released too.
 */
export function holdFundsStep<D extends { holdId?: string }>(
  hold: (data: D) => PlaceHoldData,
  timing: { forward: StepTiming; compensation: Omit<StepTiming, 'deadlineMs'> },
): StepSpec<D> {
  return {
    participant: 'wallet',
    command: ({ data }) => ({ type: M.wallet.placeHold, data: hold(data) satisfies PlaceHoldData }),
    onReply: {
      success: M.wallet.holdPlaced,
      failure: M.wallet.holdRejected,
      apply: (data, reply) => ({ ...data, holdId: replyText(reply, 'holdId', data.holdId) }),
    },
    compensation: {
      ...timing.compensation,
      command: ({ data, forwardCommandId }) => ({
        type: M.wallet.releaseHold,
        data: {
          forwardCommandId,
          ...(data.holdId ? { holdId: data.holdId } : {}),
        } satisfies ReleaseHoldData,
      }),
    },
    ...timing.forward,
  };
}

/**
 * A step built for data `B` (an Order step) on data `D` that carries more: its command reads the same
 * fields, and its reply folding keeps what `keep(data)` returns (fields the base step must not change).
 */
export function stepOn<B extends object, D extends B>(
  step: StepDefinition<B>,
  keep: (data: D) => Partial<D>,
): StepDefinition<D> {
  const apply = step.onReply.apply;
  return {
    ...step,
    command: (ctx) => step.command(ctx),
    onReply: {
      success: step.onReply.success,
      failure: step.onReply.failure,
      ...(apply
        ? { apply: (data: D, reply: SagaReply) => ({ ...data, ...apply(data, reply), ...keep(data) }) }
        : {}),
    },
  };
}

/** A definition assembled from steps already built (by `defineSaga` elsewhere), validated and frozen. */
export function assembleSaga<D extends object>(
  type: string,
  version: number,
  steps: readonly StepDefinition<D>[],
): SagaDefinition<D> {
  const definition: SagaDefinition<D> = { type, version, steps };
  const problems = validateSagaDefinition(definition);
  if (problems.length > 0) throw new InvalidSagaDefinitionError(problems);
  return Object.freeze(definition);
}
