import { Logger } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { Envelope, Headers } from '@app/contracts';
import { describeError, isTransient } from '@app/common';
import { kafkaConsumerAttributes, messagesConsumed, SpanKind, withSpan } from '@app/observability';
import { recordProcessedMany } from '@app/outbox';
import { decodeMessage, headerString } from './decode';
import { deadLetter } from './dead-letter';
import { ensureTopics } from './ensure-topics';
import { GroupCommit } from './group-commit';
import { OffsetCommitter } from './offset-committer';
import { consumerTuning, runTuning } from './kafka.factory';

export interface MessageHandler<TData = unknown> {
  /** JSON schema of `data`; a message that does not match goes to the dead-letter topic. */
  schema?: object;
  /**
   * Whether a valid message of this type is this consumer's at all (e.g. an order event names a lot).
   * One that is not is acknowledged and skipped like a type nobody handles: no transaction, no inbox
   * row. Only for a decision the message alone settles, the same on every delivery.
   */
  concerns?(envelope: Envelope<string, TData>): boolean;
  handle(manager: EntityManager, envelope: Envelope<string, TData>): Promise<void>;
}

export interface IdempotentConsumerOptions {
  /** Name in processed_messages and the default consumer group id. */
  consumer: string;
  groupId?: string;
  topics: string[];
  /** Handlers by message type; messages of other types on the topic are acknowledged and skipped. */
  handlers: Record<string, MessageHandler<never>>;
  fromBeginning?: boolean;
  /**
   * Called once per applied group inside its transaction, after the handlers (e.g. to send what the
   * handlers merged); `discard` when the group's transaction failed, before it is applied again.
   */
  flush?: (manager: EntityManager) => Promise<void>;
  discard?: () => void;
  /**
   * Defaults: see `consumerTuning` (GAVEL_KAFKA_MAX_WAIT_MS, GAVEL_KAFKA_MAX_BYTES_PER_PARTITION,
   * GAVEL_KAFKA_SESSION_TIMEOUT_MS).
   */
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
  sessionTimeoutMs?: number;
}

type Prepared =
  | {
      kind: 'apply';
      topic: string;
      message: KafkaMessage;
      envelope: Envelope;
      handler: MessageHandler<never>;
    }
  | { kind: 'dead'; message: KafkaMessage; reason: string }
  | { kind: 'skip'; message: KafkaMessage };

type Apply = Extract<Prepared, { kind: 'apply' }>;

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * A kafkajs consumer that applies the batches of all its partitions together, in one PostgreSQL
 * transaction per group (`GroupCommit`) with one inbox row per message (one multi-row statement),
 * skips redeliveries, and dead-letters what it cannot parse or validate. An offset is resolved only
 * after its transaction committed and committed periodically (at-least-once delivery, exactly-once effect).
 */
export class IdempotentConsumer {
  private readonly logger: Logger;
  private readonly validators = new Map<string, ValidateFunction>();
  private consumer?: Consumer;
  private offsets?: OffsetCommitter;
  private producer?: Producer;
  private readonly group = new GroupCommit<Apply>((batches) => this.applyGroup(batches.flat()));

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly options: IdempotentConsumerOptions,
  ) {
    this.logger = new Logger(`Consumer:${options.consumer}`);
    for (const [type, handler] of Object.entries(options.handlers)) {
      if (handler.schema) this.validators.set(type, ajv.compile(handler.schema));
    }
  }

  async start(): Promise<void> {
    await ensureTopics(this.kafka, this.options.topics);
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: true,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    const tuning = consumerTuning();
    this.consumer = this.kafka.consumer({
      groupId: this.options.groupId ?? this.options.consumer,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? tuning.maxWaitTimeInMs,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? tuning.maxBytesPerPartition,
      sessionTimeout: this.options.sessionTimeoutMs ?? tuning.sessionTimeout,
      allowAutoTopicCreation: true,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    this.offsets = new OffsetCommitter(
      this.consumer,
      this.options.groupId ?? this.options.consumer,
      this.logger,
    );
    this.offsets.start();
    await this.consumer.run({ ...runTuning(), eachBatch: (payload) => this.onBatch(payload) });
  }

  async stop(): Promise<void> {
    await this.offsets?.stop();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const prepared = batch.messages.map((m) => this.prepare(batch.topic, m));
    for (const p of prepared) {
      if (p.kind === 'dead') await this.deadLetter(batch.topic, p.message, p.reason);
      if (p.kind === 'skip') messagesConsumed.inc(this.labels(batch.topic, 'skipped'));
    }
    await this.group.acknowledgeAfter(
      prepared.filter((p): p is Apply => p.kind === 'apply'),
      payload,
      this.offsets!,
    );
  }

  private prepare(topic: string, message: KafkaMessage): Prepared {
    // The router copies the type into a header: a type nobody here handles is skipped unparsed.
    const type = headerString(message.headers, Headers.type);
    if (type !== undefined && !Object.hasOwn(this.options.handlers, type)) return { kind: 'skip', message };
    const decoded = decodeMessage(message);
    if (!decoded.ok) return { kind: 'dead', message, reason: decoded.reason };
    const handler = this.options.handlers[decoded.envelope.type];
    if (!handler) return { kind: 'skip', message };
    const validate = this.validators.get(decoded.envelope.type);
    if (validate && !validate(decoded.envelope.data)) {
      return { kind: 'dead', message, reason: `INVALID_PAYLOAD: ${ajv.errorsText(validate.errors)}` };
    }
    if (handler.concerns && !handler.concerns(decoded.envelope as Envelope<string, never>))
      return { kind: 'skip', message };
    return { kind: 'apply', topic, message, envelope: decoded.envelope, handler };
  }

  /** The group in one transaction; if it fails, each message alone (see `applyOne`). */
  private async applyGroup(items: Apply[]): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.applyInTx(items);
    } catch (groupError) {
      this.logger.warn({
        message: 'batch failed, applying one by one',
        error: (groupError as Error).message,
      });
      for (const item of items) await this.applyOne(item);
    }
  }

  /**
   * Isolates a failing message: a deterministic failure (business rule, constraint, bad data) is
   * dead-lettered with the reason so it never blocks the partition; an infrastructure fault is rethrown
   * and kafkajs retries the batch.
   */
  private async applyOne(item: Apply): Promise<void> {
    try {
      await this.applyInTx([item]);
    } catch (e) {
      if (isTransient(e)) throw e;
      await this.deadLetter(item.topic, item.message, `HANDLER_FAILED: ${describeError(e)}`);
    }
  }

  /** One transaction: one inbox statement for all, then each fresh message's handler in order. */
  private async applyInTx(items: Apply[]): Promise<void> {
    const outcomes = await this.dataSource
      .transaction(async (manager) => {
        const fresh = await recordProcessedMany(
          manager,
          this.options.consumer,
          items.map((i) => i.envelope.metadata.messageId),
        );
        const result: ('applied' | 'duplicate')[] = [];
        for (const [i, item] of items.entries())
          result.push(fresh[i] ? await this.handle(manager, item) : 'duplicate');
        await this.options.flush?.(manager);
        return result;
      })
      .catch((e: unknown) => {
        this.options.discard?.();
        throw e;
      });
    for (const [i, outcome] of outcomes.entries()) messagesConsumed.inc(this.labels(items[i].topic, outcome));
  }

  private handle(manager: EntityManager, { topic, envelope, handler }: Apply): Promise<'applied'> {
    const { messageId, correlationId, sagaId, traceparent } = envelope.metadata;
    const span = {
      name: `process ${topic}`,
      kind: SpanKind.CONSUMER,
      parent: traceparent,
      attributes: kafkaConsumerAttributes(topic, messageId, envelope.type, sagaId),
    };
    return withSpan(span, { correlationId, sagaId, messageId }, async () => {
      await handler.handle(manager, envelope as Envelope<string, never>);
      return 'applied' as const;
    });
  }

  private deadLetter(topic: string, message: KafkaMessage, reason: string): Promise<void> {
    return deadLetter(this.producer!, this.logger, this.options.consumer, topic, message, reason);
  }

  private labels(topic: string, outcome: string) {
    return { consumer: this.options.consumer, topic, outcome };
  }
}
