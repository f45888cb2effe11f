/** The saga specs' policies: short and without jitter, so a spec can fire timers and count attempts. */
import type { RetryPolicy } from '@app/saga';
import type { SagaPolicies } from './saga-policies';

/**
 * 1 s per attempt (forward and compensation), retries 100 ms apart, an incident after
 * `incidentAfterAttempts` (2) unanswered attempts; an order's steps abandoned after 2 s, a bid's hold
 * after 1 s, unless `overrides` say otherwise.
 */
export function specPolicies(
  overrides: Partial<Omit<SagaPolicies, 'forwardRetry' | 'compensationRetry'>> & {
    incidentAfterAttempts?: number;
  } = {},
): SagaPolicies {
  const { incidentAfterAttempts = 2, ...rest } = overrides;
  const retry: RetryPolicy = {
    incidentAfterAttempts,
    initialDelayMs: 100,
    maxDelayMs: 100,
    multiplier: 1,
    jitter: 0,
  };
  return {
    stepTimeoutMs: 1_000,
    forwardRetry: retry,
    compensationTimeoutMs: 1_000,
    compensationRetry: retry,
    orderStepDeadlineMs: 2_000,
    bidFundsDeadlineMs: 1_000,
    ...rest,
  };
}
