import { backoffMs, decideDelivery, RetryPolicy } from './delivery-policy';

const policy: RetryPolicy = { maxAttempts: 3, backoffBaseMs: 1000, backoffMaxMs: 3000 };

describe('decideDelivery', () => {
  it('marks a sent message', () => {
    expect(decideDelivery({ kind: 'sent', messageId: 7 }, 0, 0, policy)).toEqual({
      kind: 'mark_sent',
      messageId: 7,
    });
  });

  it('pauses for retry_after on 429 without spending an attempt', () => {
    expect(
      decideDelivery(
        { kind: 'rate_limited', retryAfterS: 5, description: 'Too Many Requests' },
        2,
        1000,
        policy,
      ),
    ).toEqual({
      kind: 'pause',
      until: 6000,
      reason: '429: Too Many Requests',
    });
  });

  it('forgets a chat that blocked the bot', () => {
    expect(
      decideDelivery(
        { kind: 'blocked', description: 'Forbidden: bot was blocked by the user' },
        0,
        0,
        policy,
      ),
    ).toEqual({
      kind: 'forget_chat',
      reason: '403: Forbidden: bot was blocked by the user',
    });
  });

  it('retries other failures with backoff, then gives up', () => {
    const failed = { kind: 'failed', description: '500: Internal' } as const;
    expect(decideDelivery(failed, 0, 0, policy)).toEqual({
      kind: 'retry',
      at: 1000,
      attempts: 1,
      reason: '500: Internal',
    });
    expect(decideDelivery(failed, 1, 0, policy)).toEqual({
      kind: 'retry',
      at: 2000,
      attempts: 2,
      reason: '500: Internal',
    });
    expect(decideDelivery(failed, 2, 0, policy)).toEqual({
      kind: 'give_up',
      attempts: 3,
      reason: '500: Internal',
    });
  });

  it('caps the backoff', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, policy))).toEqual([1000, 2000, 3000, 3000, 3000]);
  });
});
