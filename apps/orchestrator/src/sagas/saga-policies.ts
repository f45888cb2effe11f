/**
 * Timeouts, retry policies and business deadlines of Gavel's sagas, as named constants. Tests shorten
 * them through the environment; they are read when the registry is built (at boot), never in the engine.
 *
 * A step that gets no answer is not a failed step: the engine sends the same command again (same
 * commandId, capped exponential backoff with jitter) until the step's business deadline, raising an
 * incident after `incidentAfterAttempts`. Only a refusal fails a step. Compensations are never abandoned.
 */
import { intEnv } from '@app/common';
import { RetryPolicies, RetryPolicy } from '@app/saga';

export interface SagaPolicies {
  /** How long one attempt of a forward step waits for its reply before it is sent again. */
  readonly stepTimeoutMs: number;
  readonly forwardRetry: RetryPolicy;
  /** How long one attempt of a compensation waits for its reply. */
  readonly compensationTimeoutMs: number;
  readonly compensationRetry: RetryPolicy;
  /**
   * Business deadline of the Order saga's forward steps before its pivot (a buyer's purchase at a
   * fixed price); undefined: never abandoned, a slow participant only delays the order.
   */
  readonly orderStepDeadlineMs: number | undefined;
  /** How long a bid waits for its funds to be held before the bidder is told "not placed, try again". */
  readonly bidFundsDeadlineMs: number;
}

export const STEP_TIMEOUT_MS = 10_000;
export const COMPENSATION_TIMEOUT_MS = 10_000;
export const BID_FUNDS_DEADLINE_MS = 5_000;

function optionalIntEnv(name: string): number | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : intEnv(name, 0);
}

/**
 * GAVEL_SAGA_STEP_TIMEOUT_MS (10 s), GAVEL_SAGA_COMPENSATION_TIMEOUT_MS (10 s), GAVEL_SAGA_RETRY_DELAY_MS
 * (1 s, doubling), GAVEL_SAGA_RETRY_MAX_DELAY_MS (30 s), GAVEL_SAGA_INCIDENT_AFTER_ATTEMPTS (5),
 * GAVEL_ORDER_STEP_DEADLINE_MS (unset: none), GAVEL_BID_FUNDS_DEADLINE_MS (5 s).
 */
export function sagaPolicies(): SagaPolicies {
  const initialDelayMs = intEnv('GAVEL_SAGA_RETRY_DELAY_MS', RetryPolicies.standard.initialDelayMs);
  const maxDelayMs = Math.max(
    initialDelayMs,
    intEnv('GAVEL_SAGA_RETRY_MAX_DELAY_MS', RetryPolicies.standard.maxDelayMs),
  );
  const incidentAfterAttempts = intEnv(
    'GAVEL_SAGA_INCIDENT_AFTER_ATTEMPTS',
    RetryPolicies.standard.incidentAfterAttempts,
  );
  const retry: RetryPolicy = { ...RetryPolicies.standard, initialDelayMs, maxDelayMs, incidentAfterAttempts };
  return {
    stepTimeoutMs: intEnv('GAVEL_SAGA_STEP_TIMEOUT_MS', STEP_TIMEOUT_MS),
    forwardRetry: retry,
    compensationTimeoutMs: intEnv('GAVEL_SAGA_COMPENSATION_TIMEOUT_MS', COMPENSATION_TIMEOUT_MS),
    compensationRetry: retry,
    orderStepDeadlineMs: optionalIntEnv('GAVEL_ORDER_STEP_DEADLINE_MS'),
    bidFundsDeadlineMs: intEnv('GAVEL_BID_FUNDS_DEADLINE_MS', BID_FUNDS_DEADLINE_MS),
  };
}
