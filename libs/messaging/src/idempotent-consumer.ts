import { Logger } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { Envelope } from '@app/contracts';
import { describeError, intEnv, isTransient } from '@app/common';
import { kafkaConsumerAttributes, messagesConsumed, SpanKind, withSpan } from '@app/observability';
import { recordProcessed } from '@app/outbox';
import { decodeMessage } from './decode';
import { deadLetter } from './dead-letter';
import { ensureTopics } from './ensure-topics';
import { consumerTuning } from './kafka.factory';

export interface MessageHandler<TData = unknown> {
  /** JSON schema of `data`; a message that does not match goes to the dead-letter topic. */
  schema?: object;
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
  /** Defaults: GAVEL_KAFKA_MAX_WAIT_MS (100), GAVEL_KAFKA_MAX_BYTES_PER_PARTITION (1 MiB), GAVEL_KAFKA_SESSION_TIMEOUT_MS (30 s). */
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
  sessionTimeoutMs?: number;
}

type Prepared =
  | { kind: 'apply'; message: KafkaMessage; envelope: Envelope; handler: MessageHandler<never> }
  | { kind: 'dead'; message: KafkaMessage; reason: string }
  | { kind: 'skip'; message: KafkaMessage };

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * A kafkajs consumer that applies each batch in one PostgreSQL transaction with one inbox row per
 * message (group commit), skips redeliveries, and dead-letters what it cannot parse or validate.
 * Offsets are committed only after the transaction (at-least-once delivery, exactly-once effect).
 */
export class IdempotentConsumer {
  private readonly logger: Logger;
  private readonly validators = new Map<string, ValidateFunction>();
  private consumer?: Consumer;
  private producer?: Producer;

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
    this.consumer = this.kafka.consumer({
      groupId: this.options.groupId ?? this.options.consumer,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? intEnv('GAVEL_KAFKA_MAX_WAIT_MS', 100),
      maxBytesPerPartition:
        this.options.maxBytesPerPartition ?? intEnv('GAVEL_KAFKA_MAX_BYTES_PER_PARTITION', 1_048_576),
      sessionTimeout: this.options.sessionTimeoutMs ?? consumerTuning().sessionTimeout,
      allowAutoTopicCreation: true,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      partitionsConsumedConcurrently: consumerTuning().partitionsConsumedConcurrently,
      eachBatchAutoResolve: false,
      autoCommit: false,
      eachBatch: (payload) => this.onBatch(payload),
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
    const prepared = batch.messages.map((m) => this.prepare(m));
    for (const p of prepared) {
      if (p.kind === 'dead') await this.deadLetter(batch.topic, p.message, p.reason);
    }
    const toApply = prepared.filter((p): p is Extract<Prepared, { kind: 'apply' }> => p.kind === 'apply');
    try {
      await this.applyAll(batch.topic, toApply);
    } catch (batchError) {
      this.logger.warn({
        message: 'batch failed, applying one by one',
        error: (batchError as Error).message,
      });
      for (const p of toApply) await this.applyOne(batch.topic, p);
    }
    for (const p of prepared)
      if (p.kind === 'skip') messagesConsumed.inc(this.labels(batch.topic, 'skipped'));
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

  private prepare(message: KafkaMessage): Prepared {
    const decoded = decodeMessage(message);
    if (!decoded.ok) return { kind: 'dead', message, reason: decoded.reason };
    const handler = this.options.handlers[decoded.envelope.type];
    if (!handler) return { kind: 'skip', message };
    const validate = this.validators.get(decoded.envelope.type);
    if (validate && !validate(decoded.envelope.data)) {
      return { kind: 'dead', message, reason: `INVALID_PAYLOAD: ${ajv.errorsText(validate.errors)}` };
    }
    return { kind: 'apply', message, envelope: decoded.envelope, handler };
  }

  private async applyAll(topic: string, items: Extract<Prepared, { kind: 'apply' }>[]): Promise<void> {
    if (items.length === 0) return;
    const outcomes = await this.dataSource.transaction(async (manager) => {
      const result: ('applied' | 'duplicate')[] = [];
      for (const item of items)
        result.push(await this.applyInTx(manager, topic, item.envelope, item.handler));
      return result;
    });
    for (const outcome of outcomes) messagesConsumed.inc(this.labels(topic, outcome));
  }

  /**
   * Isolates a failing message: a deterministic failure (business rule, constraint, bad data) is
   * dead-lettered with the reason so it never blocks the partition; an infrastructure fault is rethrown
   * and kafkajs retries the batch.
   */
  private async applyOne(topic: string, item: Extract<Prepared, { kind: 'apply' }>): Promise<void> {
    try {
      const outcome = await this.dataSource.transaction((manager) =>
        this.applyInTx(manager, topic, item.envelope, item.handler),
      );
      messagesConsumed.inc(this.labels(topic, outcome));
    } catch (e) {
      if (isTransient(e)) throw e;
      await this.deadLetter(topic, item.message, `HANDLER_FAILED: ${describeError(e)}`);
    }
  }

  private applyInTx(
    manager: EntityManager,
    topic: string,
    envelope: Envelope,
    handler: MessageHandler<never>,
  ): Promise<'applied' | 'duplicate'> {
    const { messageId, correlationId, sagaId, traceparent } = envelope.metadata;
    const span = {
      name: `process ${topic}`,
      kind: SpanKind.CONSUMER,
      parent: traceparent,
      attributes: kafkaConsumerAttributes(topic, messageId, envelope.type, sagaId),
    };
    return withSpan(span, { correlationId, sagaId, messageId }, async () => {
      const fresh = await recordProcessed(manager, this.options.consumer, messageId);
      if (!fresh) return 'duplicate';
      await handler.handle(manager, envelope as Envelope<string, never>);
      return 'applied';
    });
  }

  private deadLetter(topic: string, message: KafkaMessage, reason: string): Promise<void> {
    return deadLetter(this.producer!, this.logger, this.options.consumer, topic, message, reason);
  }

  private labels(topic: string, outcome: string) {
    return { consumer: this.options.consumer, topic, outcome };
  }
}
