/**
 * Timeouts and retry policies of the Order saga, as named constants. Tests shorten them through the
 * environment; they are read when the registry is built (at boot), never inside the engine.
 */
import { intEnv } from '@app/common';
import { RetryPolicies, RetryPolicy } from '@app/saga';

export interface OrderSagaPolicies {
  /** Reply deadline of each forward step. */
  readonly stepTimeoutMs: number;
  /** Forward steps that may be retried with the same commandId. */
  readonly forwardRetry: RetryPolicy;
  /** Compensations must eventually succeed; after this the saga is COMPENSATION_FAILED (alert). */
  readonly compensationTimeoutMs: number;
  readonly compensationRetry: RetryPolicy;
  /** captureFunds is the pivot: never compensated, retried (practically) forever. */
  readonly captureRetry: RetryPolicy;
}

export const ORDER_STEP_TIMEOUT_MS = 10_000;
export const ORDER_COMPENSATION_TIMEOUT_MS = 10_000;
/** About a week of attempts at the 60 s cap: an operator notices long before. */
export const CAPTURE_FOREVER: RetryPolicy = {
  maxAttempts: 10_000,
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  multiplier: 2,
  jitter: 0.2,
};

/**
 * GAVEL_SAGA_STEP_TIMEOUT_MS (10 s), GAVEL_SAGA_STEP_MAX_ATTEMPTS (3), GAVEL_SAGA_RETRY_DELAY_MS (1 s),
 * GAVEL_SAGA_COMPENSATION_TIMEOUT_MS (10 s), GAVEL_SAGA_COMPENSATION_MAX_ATTEMPTS (8).
 */
export function orderSagaPolicies(): OrderSagaPolicies {
  const retryDelayMs = intEnv('GAVEL_SAGA_RETRY_DELAY_MS', RetryPolicies.standard.initialDelayMs);
  return {
    stepTimeoutMs: intEnv('GAVEL_SAGA_STEP_TIMEOUT_MS', ORDER_STEP_TIMEOUT_MS),
    forwardRetry: {
      ...RetryPolicies.standard,
      maxAttempts: intEnv('GAVEL_SAGA_STEP_MAX_ATTEMPTS', RetryPolicies.standard.maxAttempts),
      initialDelayMs: retryDelayMs,
      maxDelayMs: Math.max(retryDelayMs, RetryPolicies.standard.maxDelayMs),
    },
    compensationTimeoutMs: intEnv('GAVEL_SAGA_COMPENSATION_TIMEOUT_MS', ORDER_COMPENSATION_TIMEOUT_MS),
    compensationRetry: {
      ...RetryPolicies.compensation,
      maxAttempts: intEnv('GAVEL_SAGA_COMPENSATION_MAX_ATTEMPTS', RetryPolicies.compensation.maxAttempts),
      initialDelayMs: retryDelayMs,
      maxDelayMs: Math.max(retryDelayMs, RetryPolicies.compensation.maxDelayMs),
    },
    captureRetry: { ...CAPTURE_FOREVER, initialDelayMs: retryDelayMs, maxDelayMs: Math.max(retryDelayMs, 60_000) },
  };
}
