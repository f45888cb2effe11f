import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Ajv from 'ajv';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { MessageMetadata, ReplyMetadataSchema, SagaReply, Topics } from '@app/contracts';
import { intEnv } from '@app/common';
import { consumerTuning, createKafka, deadLetter, decodeMessage, ensureTopics } from '@app/messaging';
import { messagesConsumed, RequestContext } from '@app/observability';
import { recordProcessed } from '@app/outbox';
import { HandleReplyHandler } from '../application/handle-reply/handle-reply.handler';
import { SagaDecisionError } from './saga.runner';

/** Name in processed_messages (shared by all replicas, so a reply is applied once whichever gets it). */
export const REPLIES_CONSUMER = 'orchestrator';

type Reply = SagaReply<string, Record<string, unknown>>;
type Item = { message: KafkaMessage; reply: Reply; meta: MessageMetadata };

const ajv = new Ajv({ allErrors: true, strict: false });
const validateReply = ajv.compile({
  type: 'object',
  required: ['type', 'data', 'metadata'],
  properties: {
    type: { type: 'string', minLength: 1 },
    data: { type: 'object' },
    metadata: ReplyMetadataSchema,
  },
});

/**
 * Consumes `orchestrator.replies` like `IdempotentConsumer` does (a batch per transaction, one inbox row
 * per message, offsets committed after the commit, unparseable messages to `orchestrator.replies.dlq`),
 * but hands the handler the whole reply value: the routing fields live in the value's `metadata`
 * (ReplyMetadata), which IdempotentConsumer's handlers do not receive. A reply whose decision throws (a
 * definition bug) is dead-lettered; an infrastructure fault fails the batch and Kafka redelivers it.
 * Group id and inbox consumer name: GAVEL_ORCHESTRATOR_GROUP (default `orchestrator`).
 */
@Injectable()
export class RepliesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RepliesConsumer.name);
  private readonly kafka: Kafka = createKafka('orchestrator');
  private consumer?: Consumer;
  private producer?: Producer;
  /** Group id and inbox name: instances of one orchestrator deployment share both. */
  private readonly consumerName = process.env.GAVEL_ORCHESTRATOR_GROUP || REPLIES_CONSUMER;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handler: HandleReplyHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: true,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: this.consumerName,
      maxWaitTimeInMs: intEnv('GAVEL_KAFKA_MAX_WAIT_MS', 100),
      maxBytesPerPartition: intEnv('GAVEL_KAFKA_MAX_BYTES_PER_PARTITION', 1_048_576),
      sessionTimeout: consumerTuning().sessionTimeout,
      allowAutoTopicCreation: true,
    });
    await this.consumer.connect();
    await ensureTopics(this.kafka, [Topics.orchestratorReplies]);
    await this.consumer.subscribe({ topics: [Topics.orchestratorReplies], fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: false,
      partitionsConsumedConcurrently: consumerTuning().partitionsConsumedConcurrently,
      eachBatch: (p) => this.onBatch(p),
    });
  }

  async onApplicationShutdown(): Promise<void> {
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
    const items: Item[] = [];
    for (const message of batch.messages) {
      const checked = this.check(message);
      if ('reason' in checked) await this.deadLetter(batch.topic, message, checked.reason);
      else items.push(checked);
    }
    try {
      await this.dataSource.transaction(async (m) => {
        for (const item of items) await this.apply(m, batch.topic, item);
      });
    } catch (e) {
      this.logger.warn({ message: 'reply batch failed, applying one by one', error: (e as Error).message });
      for (const item of items) await this.applyAlone(batch.topic, item);
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

  private check(message: KafkaMessage): Item | { reason: string } {
    const decoded = decodeMessage(message);
    if (!decoded.ok) return { reason: decoded.reason };
    if (!validateReply(decoded.body))
      return { reason: `INVALID_REPLY: ${ajv.errorsText(validateReply.errors)}` };
    return { message, reply: decoded.body as unknown as Reply, meta: decoded.envelope.metadata };
  }

  private async applyAlone(topic: string, item: Item): Promise<void> {
    try {
      await this.dataSource.transaction((m) => this.apply(m, topic, item));
    } catch (e) {
      if (!(e instanceof SagaDecisionError)) throw e;
      await this.deadLetter(topic, item.message, `DECISION_FAILED: ${e.message}`);
    }
  }

  private apply(manager: EntityManager, topic: string, { reply, meta }: Item): Promise<void> {
    const { messageId, correlationId, traceparent } = meta;
    return RequestContext.run(
      { correlationId, sagaId: reply.metadata.sagaId, traceparent, messageId },
      async () => {
        if (!(await recordProcessed(manager, this.consumerName, messageId))) {
          messagesConsumed.inc({ consumer: this.consumerName, topic, outcome: 'duplicate' });
          return;
        }
        await this.handler.handle(manager, reply, meta);
        messagesConsumed.inc({ consumer: this.consumerName, topic, outcome: 'applied' });
      },
    );
  }

  private deadLetter(topic: string, message: KafkaMessage, reason: string): Promise<void> {
    return deadLetter(this.producer!, this.logger, this.consumerName, topic, message, reason);
  }
}
