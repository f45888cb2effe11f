import type { SagaReply } from '@app/contracts';
import type { ReplyReceived } from '@app/saga';

/**
 * A participant's reply as the engine's `ReplyReceived` input (`now` = when it is handled). Duplicate and
 * stale replies are recognised by the engine, which ignores them with a reason.
 */
export function replyInput(reply: SagaReply<string, Record<string, unknown>>): ReplyReceived {
  const { commandId, step, outcome, code, reason } = reply.metadata;
  return {
    type: 'ReplyReceived',
    data: {
      commandId,
      step,
      outcome,
      replyType: reply.type,
      data: reply.data,
      ...(reason !== undefined ? { reason } : {}),
      ...(code !== undefined ? { code } : {}),
      now: Date.now(),
    },
  };
}
