import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MessageMetadata, SagaReply } from '@app/contracts';
import type { ReplyReceived } from '@app/saga';
import { SagaRunner } from '../../infrastructure/saga.runner';

/**
 * A participant's reply → `ReplyReceived` → one decision, inside the consumer's transaction (with its
 * inbox row). Duplicate and stale replies are ignored by the engine with a reason (logged at debug).
 */
@Injectable()
export class HandleReplyHandler {
  private readonly logger = new Logger(HandleReplyHandler.name);

  constructor(private readonly runner: SagaRunner) {}

  async handle(
    manager: EntityManager,
    reply: SagaReply<string, Record<string, unknown>>,
    message: MessageMetadata,
  ): Promise<void> {
    const { commandId, sagaId } = reply.metadata;
    const input = this.input(reply);
    const result = await this.runner.run(manager, sagaId, input, {
      actor: 'reply',
      causationId: message.messageId,
    });
    if (result.kind === 'ignored') {
      this.logger.debug({
        message: 'reply ignored',
        sagaId,
        commandId,
        replyType: reply.type,
        code: result.code,
        reason: result.reason,
      });
    }
  }

  /** The engine input for a reply (`now` = when it is handled). */
  input(reply: SagaReply<string, Record<string, unknown>>): ReplyReceived {
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
}
