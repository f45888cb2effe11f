import { Logger } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CommandMetadata,
  CommandMetadataSchema,
  Headers,
  ReplyOutcome,
  SagaReply,
  Topics,
} from '@app/contracts';
import { describeError, intEnv, isTransient } from '@app/common';
import { kafkaConsumerAttributes, messagesConsumed, SpanKind, withSpan } from '@app/observability';
import { appendToOutbox } from '@app/outbox';
import { decodeMessage, headerString } from './decode';
import { deadLetter } from './dead-letter';
import { ensureTopics } from './ensure-topics';
import { consumerTuning } from './kafka.factory';

/** What a participant's handler answers; the library writes it to the outbox as the saga reply. */
export interface ParticipantReply {
  type: string;
  outcome: ReplyOutcome;
  data: object;
  code?: string;
  reason?: string;
}

export interface ParticipantCommand<TData = unknown> {
  type: string;
  data: TData;
  metadata: CommandMetadata;
  correlationId: string;
}

export interface CommandHandler<TData = unknown> {
  /** JSON schema of `data`; an invalid command is dead-lettered with the reason. */
  schema?: object;
  /** The reply sent when a tombstone shows this forward command was already compensated. */
  refusedReplyType?: string;
  handle(manager: EntityManager, command: ParticipantCommand<TData>): Promise<ParticipantReply>;
}

export interface CommandConsumerOptions {
  participant: string;
  handlers: Record<string, CommandHandler<never>>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateMetadata = ajv.compile(CommandMetadataSchema);

type Valid = { message: KafkaMessage; command: ParticipantCommand; handler: CommandHandler<never> };

/**
 * Consumes `<participant>.commands`. Each command runs at most once per commandId: its reply is kept in
 * `command_log`, and a retried or redelivered command gets the stored reply again. A compensation
 * leaves a tombstone for its `forwardCommandId`, so a late forward command is refused, not applied.
 * Each batch is one transaction (effects + command log + reply in the outbox).
 */
export class CommandConsumer {
  private readonly logger: Logger;
  private readonly validators = new Map<string, ValidateFunction>();
  private consumer?: Consumer;
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly options: CommandConsumerOptions,
  ) {
    this.logger = new Logger(`Commands:${options.participant}`);
    for (const [type, h] of Object.entries(options.handlers))
      if (h.schema) this.validators.set(type, ajv.compile(h.schema));
  }

  get topic(): string {
    return Topics.commands(this.options.participant);
  }

  async start(): Promise<void> {
    await ensureTopics(this.kafka, [this.topic]);
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: true,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: `${this.options.participant}-commands`,
      maxWaitTimeInMs: intEnv('GAVEL_KAFKA_MAX_WAIT_MS', 100),
      sessionTimeout: consumerTuning().sessionTimeout,
      maxBytesPerPartition: intEnv('GAVEL_KAFKA_MAX_BYTES_PER_PARTITION', 1_048_576),
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: false,
      partitionsConsumedConcurrently: consumerTuning().partitionsConsumedConcurrently,
      eachBatch: (p) => this.onBatch(p),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async onBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const valid: Valid[] = [];
    for (const message of batch.messages) {
      const checked = this.check(message);
      if ('reason' in checked)
        await deadLetter(
          this.producer!,
          this.logger,
          this.options.participant,
          batch.topic,
          message,
          checked.reason,
        );
      else valid.push(checked);
    }
    try {
      await this.dataSource.transaction(async (m) => {
        for (const v of valid) await this.apply(m, v);
      });
    } catch (e) {
      this.logger.warn({ message: 'command batch failed, applying one by one', error: (e as Error).message });
      for (const v of valid) await this.applyAlone(v);
    }
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary({
      topics: [
        {
          topic: batch.topic,
          partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }],
        },
      ],
    });
    await heartbeat();
  }

  /**
   * One command in its own transaction. A deterministic failure (constraint, bad data, a bug) becomes
   * a failure reply (`PARTICIPANT.ERROR`) so the saga compensates instead of the partition stalling;
   * an infrastructure fault is rethrown and retried.
   */
  private async applyAlone(v: Valid): Promise<void> {
    try {
      await this.dataSource.transaction((m) => this.apply(m, v));
    } catch (e) {
      if (isTransient(e)) throw e;
      const reason = describeError(e);
      this.logger.error({
        message: 'command failed, replying with a failure',
        type: v.command.type,
        commandId: v.command.metadata.commandId,
        reason,
      });
      // Not kept in command_log: an operator's retry after a fix must run the handler again.
      const failed: ParticipantReply = {
        type: `${v.command.type}.failed`,
        outcome: 'failure',
        data: {},
        code: 'PARTICIPANT.ERROR',
        reason,
      };
      await this.dataSource.transaction((m) => this.reply(m, v.command, failed));
    }
  }

  private check(message: KafkaMessage): Valid | { reason: string } {
    const decoded = decodeMessage(message);
    if (!decoded.ok) return { reason: decoded.reason };
    const raw = decoded.body;
    if (!validateMetadata(raw.metadata))
      return { reason: `INVALID_METADATA: ${ajv.errorsText(validateMetadata.errors)}` };
    const handler = this.options.handlers[decoded.envelope.type];
    if (!handler) return { reason: `UNKNOWN_COMMAND: ${decoded.envelope.type}` };
    const validate = this.validators.get(decoded.envelope.type);
    if (validate && !validate(decoded.envelope.data))
      return { reason: `INVALID_PAYLOAD: ${ajv.errorsText(validate.errors)}` };
    const metadata = raw.metadata as CommandMetadata;
    return {
      message,
      handler,
      command: {
        type: decoded.envelope.type,
        data: decoded.envelope.data,
        metadata,
        correlationId: decoded.envelope.metadata.correlationId,
      },
    };
  }

  private apply(manager: EntityManager, { message, command, handler }: Valid): Promise<void> {
    const { metadata, correlationId } = command;
    const messageId = headerString(message.headers, Headers.messageId) ?? metadata.commandId;
    const span = {
      name: `process ${this.topic}`,
      kind: SpanKind.CONSUMER,
      parent: headerString(message.headers, Headers.traceparent),
      attributes: {
        ...kafkaConsumerAttributes(this.topic, messageId, command.type, metadata.sagaId),
        'gavel.command.id': metadata.commandId,
      },
    };
    return withSpan(span, { correlationId, sagaId: metadata.sagaId, messageId }, async () => {
      const previous: { reply: ParticipantReply }[] = await manager.query(
        `SELECT reply FROM command_log WHERE command_id = $1`,
        [metadata.commandId],
      );
      if (previous.length > 0) {
        messagesConsumed.inc({ consumer: this.options.participant, topic: this.topic, outcome: 'duplicate' });
        return this.reply(manager, command, previous[0].reply);
      }
      const reply =
        (await this.refusedByTombstone(manager, command, handler)) ??
        (await handler.handle(manager, command as ParticipantCommand<never>));
      if (metadata.phase === 'compensation') await this.leaveTombstone(manager, command);
      await manager.query(
        `INSERT INTO command_log (command_id, type, saga_id, reply) VALUES ($1, $2, $3, $4)`,
        [metadata.commandId, command.type, metadata.sagaId, JSON.stringify(reply)],
      );
      messagesConsumed.inc({ consumer: this.options.participant, topic: this.topic, outcome: 'applied' });
      this.logger.log({
        message: 'command applied',
        type: command.type,
        commandId: metadata.commandId,
        outcome: reply.outcome,
        code: reply.code,
      });
      await this.reply(manager, command, reply);
    });
  }

  private async refusedByTombstone(
    manager: EntityManager,
    command: ParticipantCommand,
    handler: CommandHandler<never>,
  ): Promise<ParticipantReply | undefined> {
    if (command.metadata.phase !== 'forward') return undefined;
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM command_tombstones WHERE forward_command_id = $1`,
      [command.metadata.commandId],
    );
    if (rows.length === 0) return undefined;
    return {
      type: handler.refusedReplyType ?? `${command.type}.refused`,
      outcome: 'failure',
      data: {},
      code: 'SAGA.ALREADY_COMPENSATED',
      reason: 'this command was compensated before it arrived',
    };
  }

  private async leaveTombstone(manager: EntityManager, command: ParticipantCommand): Promise<void> {
    const forward = (command.data as { forwardCommandId?: unknown }).forwardCommandId;
    if (typeof forward !== 'string') return;
    await manager.query(
      `INSERT INTO command_tombstones (forward_command_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [forward],
    );
  }

  private async reply(
    manager: EntityManager,
    command: ParticipantCommand,
    reply: ParticipantReply,
  ): Promise<void> {
    const message: SagaReply = {
      type: reply.type,
      data: reply.data,
      metadata: {
        commandId: command.metadata.commandId,
        sagaId: command.metadata.sagaId,
        step: command.metadata.step,
        outcome: reply.outcome,
        ...(reply.code ? { code: reply.code } : {}),
        ...(reply.reason ? { reason: reply.reason } : {}),
      },
    };
    await appendToOutbox(manager, [
      {
        topic: Topics.orchestratorReplies,
        key: command.metadata.sagaId,
        type: message.type,
        data: message.data,
        metadata: message.metadata,
        sagaId: command.metadata.sagaId,
        correlationId: command.correlationId,
      },
    ]);
  }
}
