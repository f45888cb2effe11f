/**
 * Retry policies and the backoff they produce. Pure: randomness is injected so that tests (and
 * replays) can pin the jitter.
 */
export interface RetryPolicy {
  /**
   * Attempts without an answer after which the saga raises an incident (an event in its history, a
   * metric, an alert). The attempts go on: only a step's business deadline or a refusal ends them.
   */
  readonly incidentAfterAttempts: number;
  /** Delay before the second attempt. */
  readonly initialDelayMs: number;
  /** Upper bound for any single delay, applied before jitter. */
  readonly maxDelayMs: number;
  /** Growth factor between consecutive delays (>= 1). */
  readonly multiplier: number;
  /** Fraction of the delay that is randomised, 0..1: delay lies in [d * (1 - jitter), d]. */
  readonly jitter: number;
}

/** Named policies; a step picks one by name instead of repeating numbers. */
export const RetryPolicies = {
  /** Forward steps: 1s doubling up to 30 s (±20%); an incident after 5 unanswered attempts. */
  standard: {
    incidentAfterAttempts: 5,
    initialDelayMs: 1_000,
    maxDelayMs: 30_000,
    multiplier: 2,
    jitter: 0.2,
  },
  /** Slow or flaky participants: 2s doubling up to 1 min. */
  patient: {
    incidentAfterAttempts: 6,
    initialDelayMs: 2_000,
    maxDelayMs: 60_000,
    multiplier: 2,
    jitter: 0.2,
  },
  /** Compensations must eventually succeed: 1s doubling up to 1 min, an incident after 5 attempts. */
  compensation: {
    incidentAfterAttempts: 5,
    initialDelayMs: 1_000,
    maxDelayMs: 60_000,
    multiplier: 2,
    jitter: 0.2,
  },
} as const satisfies Record<string, RetryPolicy>;

/** A source of uniformly distributed numbers in [0, 1), e.g. `Math.random` in the adapter. */
export type RandomSource = () => number;

/**
 * Delay before the next attempt, after `failedAttempt` (1-based) failed:
 * `min(initial * multiplier^(failedAttempt-1), max)`, then reduced by up to `jitter` of itself.
 */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, random: RandomSource): number {
  const exponent = Math.max(0, failedAttempt - 1);
  const raw = policy.initialDelayMs * Math.pow(policy.multiplier, exponent);
  const capped = Math.min(raw, policy.maxDelayMs);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(capped * (1 - policy.jitter * r));
}

/** Problems with a policy, empty when it is usable. */
export function retryPolicyProblems(policy: RetryPolicy, where: string): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(policy.incidentAfterAttempts) || policy.incidentAfterAttempts < 1) {
    problems.push(`${where}: incidentAfterAttempts must be an integer >= 1`);
  }
  if (policy.initialDelayMs < 0) problems.push(`${where}: initialDelayMs must be >= 0`);
  if (policy.maxDelayMs < policy.initialDelayMs)
    problems.push(`${where}: maxDelayMs must be >= initialDelayMs`);
  if (policy.multiplier < 1) problems.push(`${where}: multiplier must be >= 1`);
  if (policy.jitter < 0 || policy.jitter > 1) problems.push(`${where}: jitter must be within 0..1`);
  return problems;
}
