/**
 * What to do with a delivery after one call to Telegram's sendMessage. Pure: time and attempt
 * counts come in, a decision goes out; the sender applies it to the table.
 */
export type SendOutcome =
  | { kind: 'sent'; messageId: number }
  /** HTTP 429 with `parameters.retry_after` (seconds). */
  | { kind: 'rate_limited'; retryAfterS: number; description: string }
  /** HTTP 403: the user blocked the bot, left the group, or never started it. */
  | { kind: 'blocked'; description: string }
  /** Anything else: a 4xx/5xx answer or a network failure. */
  | { kind: 'failed'; description: string };

export type DeliveryDecision =
  | { kind: 'mark_sent'; messageId: number }
  /** Telegram asked for a pause: nothing is sent until `until`; the attempt does not count. */
  | { kind: 'pause'; until: number; reason: string }
  /** The chat is gone: unsubscribe it and skip its pending deliveries. */
  | { kind: 'forget_chat'; reason: string }
  | { kind: 'retry'; at: number; attempts: number; reason: string }
  | { kind: 'give_up'; attempts: number; reason: string };

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
};

/** Exponential backoff: base, 2·base, 4·base, ... capped. `attempt` counts from 1. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

export function decideDelivery(
  outcome: SendOutcome,
  attemptsBefore: number,
  now: number,
  policy: RetryPolicy,
): DeliveryDecision {
  switch (outcome.kind) {
    case 'sent':
      return { kind: 'mark_sent', messageId: outcome.messageId };
    case 'rate_limited':
      return {
        kind: 'pause',
        until: now + Math.max(1, outcome.retryAfterS) * 1000,
        reason: `429: ${outcome.description}`,
      };
    case 'blocked':
      return { kind: 'forget_chat', reason: `403: ${outcome.description}` };
    case 'failed': {
      const attempts = attemptsBefore + 1;
      if (attempts >= policy.maxAttempts) return { kind: 'give_up', attempts, reason: outcome.description };
      return { kind: 'retry', at: now + backoffMs(attempts, policy), attempts, reason: outcome.description };
    }
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
