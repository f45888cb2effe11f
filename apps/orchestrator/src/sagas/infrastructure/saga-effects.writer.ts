import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandMetadata, SagaIncidentEvent, Topics } from '@app/contracts';
import type { OutboxMessage } from '@app/outbox';
import { Decided, IncidentChanged, SagaState, SendCommand } from '@app/saga';
import { SAGA_CATALOG, SagaCatalog } from '../saga-catalog';
import type { SagaWrites } from './saga-writes';

/**
 * Turns a decision's effects into writes of its group (`SagaWrites`, written in the decision's
 * transaction): every `send` becomes an outbox row on `<participant>.commands` (key = sagaId, fresh
 * message id), timers are upserted/deleted, an
 * `alert` is logged at error level and published, and the saga type's outcome events are published.
 * GAVEL_COMMAND_TOPIC_PREFIX (default empty) isolates command topics, e.g. for test runs on a shared cluster.
 */
@Injectable()
export class SagaEffectsWriter {
  private readonly logger = new Logger(SagaEffectsWriter.name);
  private readonly topicPrefix = process.env.GAVEL_COMMAND_TOPIC_PREFIX ?? '';

  constructor(@Inject(SAGA_CATALOG) private readonly catalog: SagaCatalog) {}

  /** `origin`: what caused the decision (a reply's message id, its trace), carried by every message written. */
  collect(
    writes: SagaWrites,
    before: SagaState,
    decision: Decided,
    origin: Pick<OutboxMessage, 'causationId' | 'traceparent'>,
  ): void {
    const after = decision.state;
    const hooks = this.catalog.hooks(after.sagaType);
    const event = (message: { type: string; data: unknown }): OutboxMessage => ({
      topic: hooks.eventsTopic,
      key: after.sagaId,
      ...message,
      sagaId: after.sagaId,
      correlationId: after.correlationId,
    });
    const outbox = {
      push: (...messages: OutboxMessage[]) =>
        writes.outbox.push(...messages.map((m) => ({ ...origin, ...m }))),
    };
    for (const effect of decision.effects) {
      switch (effect.kind) {
        case 'send':
          outbox.push(this.command(effect));
          break;
        case 'schedule':
          writes.timers.set(effect.timerId, { sagaId: effect.sagaId, at: effect.at });
          break;
        case 'cancelTimer':
          writes.timers.set(effect.timerId, null);
          break;
        case 'alert':
          this.logger.error({ message: 'saga compensation refused: operator action needed', ...effect });
          outbox.push(event(hooks.alert(after, effect)));
          break;
        case 'incident':
          if (effect.change === 'raised')
            this.logger.warn({ message: 'saga incident raised: a command goes unanswered', ...effect });
          else this.logger.log({ message: 'saga incident resolved', ...effect });
          outbox.push(incidentMessage(effect));
          break;
        default: {
          const _exhaustive: never = effect;
          throw new Error(`unknown effect ${JSON.stringify(_exhaustive)}`);
        }
      }
    }
    outbox.push(...hooks.outcome(before, after).map(event));
  }

  private command(send: SendCommand): OutboxMessage {
    const metadata: CommandMetadata = {
      commandId: send.commandId,
      sagaId: send.sagaId,
      sagaType: send.sagaType,
      step: send.step,
      phase: send.phase,
      attempt: send.attempt,
    };
    return {
      topic: `${this.topicPrefix}${Topics.commands(send.participant)}`,
      key: send.sagaId,
      type: send.command.type,
      data: send.command.data,
      metadata,
      sagaId: send.sagaId,
      correlationId: send.correlationId,
    };
  }
}

/** SagaIncidentRaised / SagaIncidentResolved on saga.alerts (every saga type), key = sagaId. */
function incidentMessage(effect: IncidentChanged): OutboxMessage {
  const { sagaId, sagaType, correlationId, step, commandId, attempts, reason } = effect;
  const message: SagaIncidentEvent = {
    type: effect.change === 'raised' ? 'SagaIncidentRaised' : 'SagaIncidentResolved',
    data: { sagaId, sagaType, step, commandId, ...(attempts !== undefined ? { attempts } : {}), reason },
  };
  return { topic: Topics.sagaAlerts, key: sagaId, ...message, sagaId, correlationId };
}
