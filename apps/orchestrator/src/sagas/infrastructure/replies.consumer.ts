import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Ajv from 'ajv';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MessageMetadata, SagaReply, SagaReplySchema, Topics } from '@app/contracts';
import {
  consumerTuning,
  createKafka,
  deadLetter,
  decodeMessage,
  ensureTopics,
  GroupCommit,
  OffsetCommitter,
  runTuning,
} from '@app/messaging';
import { messagesConsumed } from '@app/observability';
import { recordProcessedMany } from '@app/outbox';
import { replyInput } from '../application/handle-reply/reply-input';
import { SagaDecisionError, SagaRunner } from './saga.runner';

/** Name in processed_messages (shared by all replicas, so a reply is applied once whichever gets it). */
export const REPLIES_CONSUMER = 'orchestrator';

type Reply = SagaReply<string, Record<string, unknown>>;
type Item = { message: KafkaMessage; reply: Reply; meta: MessageMetadata };

const ajv = new Ajv({ allErrors: true, strict: false });
const validateReply = ajv.compile(SagaReplySchema);

/**
 * Consumes `orchestrator.replies` like `IdempotentConsumer` does (the batches of all partitions in one
 * transaction, offsets resolved after the commit, unparseable messages to `orchestrator.replies.dlq`), with
 * an inbox row for failure replies only (see `decide`), and decides the whole group at once: the inbox, then
 * `SagaRunner.runMany` (sagas locked in id order, states from the cache, one write per table). The routing
 * fields live in the value's `metadata` (ReplyMetadata). If the group fails, its replies are applied one
 * per transaction: a reply whose decision throws (a definition bug) is dead-lettered; an infrastructure
 * fault fails the batch and Kafka redelivers it.
 * Group id and inbox consumer name: GAVEL_ORCHESTRATOR_GROUP (default `orchestrator`).
 */
@Injectable()
export class RepliesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RepliesConsumer.name);
  private readonly kafka: Kafka = createKafka('orchestrator');
  private consumer?: Consumer;
  private offsets?: OffsetCommitter;
  private producer?: Producer;
  /** Group id and inbox name: instances of one orchestrator deployment share both. */
  private readonly consumerName = process.env.GAVEL_ORCHESTRATOR_GROUP || REPLIES_CONSUMER;

  private readonly group = new GroupCommit<Item>((batches) => this.applyGroup(batches.flat()));

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
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
      ...consumerTuning(),
      allowAutoTopicCreation: true,
    });
    await this.consumer.connect();
    await ensureTopics(this.kafka, [Topics.orchestratorReplies]);
    await this.consumer.subscribe({ topics: [Topics.orchestratorReplies], fromBeginning: true });
    this.offsets = new OffsetCommitter(this.consumer, this.consumerName, this.logger);
    this.offsets.start();
    await this.consumer.run({ ...runTuning(), eachBatch: (p) => this.onBatch(p) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.offsets?.stop();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const items: Item[] = [];
    for (const message of batch.messages) {
      const checked = this.check(message);
      if ('reason' in checked) await this.deadLetter(batch.topic, message, checked.reason);
      else items.push(checked);
    }
    await this.group.acknowledgeAfter(items, payload, this.offsets!);
  }

  /** The group in one transaction; if it fails, each reply alone (see `applyAlone`). */
  private async applyGroup(items: Item[]): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.decide(items);
    } catch (e) {
      this.logger.warn({ message: 'reply batch failed, applying one by one', error: (e as Error).message });
      for (const item of items) await this.applyAlone(item);
    }
  }

  /** A reply whose decision throws (a definition bug) is dead-lettered; any other failure is rethrown. */
  private async applyAlone(item: Item): Promise<void> {
    try {
      await this.decide([item]);
    } catch (e) {
      if (!(e instanceof SagaDecisionError)) throw e;
      await this.deadLetter(Topics.orchestratorReplies, item.message, `DECISION_FAILED: ${e.message}`);
    }
  }

  /**
   * One transaction: the inbox statement for the failure replies, then `runMany` for the fresh replies.
   * A success reply needs no inbox row: the engine settles its command (StepSucceeded,
   * CompensationSucceeded, LateReplyRecorded) and ignores every later reply to it, a redelivery of the
   * same message included. A refusal of a compensation does not settle its command (an operator may send
   * it again under the same id), so a failure reply keeps its row and is applied once per message.
   */
  private async decide(items: Item[]): Promise<void> {
    const { fresh, committed } = await this.dataSource.transaction(async (m) => {
      const failures = items.filter((i) => i.reply.metadata.outcome === 'failure');
      const isFresh = await recordProcessedMany(
        m,
        this.consumerName,
        failures.map((i) => i.meta.messageId),
      );
      const freshFailures = new Set(failures.filter((_, k) => isFresh[k]));
      const toDecide = items.filter((i) => i.reply.metadata.outcome !== 'failure' || freshFailures.has(i));
      const run = await this.runner.runMany(
        m,
        toDecide.map(({ reply, meta }) => ({
          sagaId: reply.metadata.sagaId,
          input: replyInput(reply),
          ctx: { actor: 'reply' as const, causationId: meta.messageId, traceparent: meta.traceparent },
          request: {
            correlationId: meta.correlationId,
            sagaId: reply.metadata.sagaId,
            traceparent: meta.traceparent,
            messageId: meta.messageId,
          },
        })),
      );
      return { fresh: toDecide.length, committed: run.committed };
    });
    committed();
    // `applied` counts the replies handed to the engine (it ignores a duplicate success with a reason)
    const labels = { consumer: this.consumerName, topic: Topics.orchestratorReplies };
    if (fresh > 0) messagesConsumed.inc({ ...labels, outcome: 'applied' }, fresh);
    if (items.length > fresh) messagesConsumed.inc({ ...labels, outcome: 'duplicate' }, items.length - fresh);
  }

  private check(message: KafkaMessage): Item | { reason: string } {
    const decoded = decodeMessage(message);
    if (!decoded.ok) return { reason: decoded.reason };
    if (!validateReply(decoded.body))
      return { reason: `INVALID_REPLY: ${ajv.errorsText(validateReply.errors)}` };
    return { message, reply: decoded.body as unknown as Reply, meta: decoded.envelope.metadata };
  }

  private deadLetter(topic: string, message: KafkaMessage, reason: string): Promise<void> {
    return deadLetter(this.producer!, this.logger, this.consumerName, topic, message, reason);
  }
}
