import { backoffDelay, RetryPolicies, RetryPolicy, retryPolicyProblems } from './backoff';

const policy: RetryPolicy = {
  incidentAfterAttempts: 10,
  initialDelayMs: 100,
  maxDelayMs: 1_000,
  multiplier: 2,
  jitter: 0.5,
};

describe('backoffDelay', () => {
  it('grows exponentially and is capped (no jitter when random() = 0)', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt, () => 0));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('jitter takes off at most `jitter` of the delay', () => {
    expect(backoffDelay(policy, 4, () => 0.999999)).toBe(400);
    expect(backoffDelay(policy, 4, () => 0.5)).toBe(600);
    for (let i = 0; i < 200; i += 1) {
      const r = i / 200;
      const delay = backoffDelay(policy, 4, () => r);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it('never exceeds the cap, even with jitter, and clamps a misbehaving random source', () => {
    expect(backoffDelay(policy, 30, () => -5)).toBe(1_000);
    expect(backoffDelay(policy, 30, () => 7)).toBe(500);
  });

  it('named policies are valid', () => {
    for (const [name, p] of Object.entries(RetryPolicies)) {
      expect(retryPolicyProblems(p, name)).toEqual([]);
    }
  });
});
