import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { intEnv } from '@app/common';
import { Topics } from '@app/contracts';
import { consumerTuning, createKafka, decodeMessage, ensureTopics } from '@app/messaging';
import { LiveGateway } from './live.gateway';
import { NOTIFICATION_EVENTS_TOPIC, routeLiveEvent } from './live.events';

/**
 * Feeds the live WebSocket from lot.events and notification.events. Every gateway instance must see
 * every event, so each has its own consumer group (`gateway-live-<host>-<pid>-<rand>`, GAVEL_LIVE_GROUP
 * overrides) reading from the end; the group is deleted on shutdown. A fetched batch is emitted in offset
 * order within its partition (key = lotId), so a lot's events reach its room in order; the whole batch is
 * handled in one synchronous pass (no promise per message: under a bidding war the feed's per-message
 * bookkeeping took as much of the gateway's event loop as the bids' HTTP requests). GAVEL_LIVE_ENABLED=false
 * turns it off.
 */
@Injectable()
export class LiveEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventsConsumer.name);
  private readonly kafka: Kafka = createKafka('gateway-live');
  private readonly groupId =
    process.env.GAVEL_LIVE_GROUP ||
    `gateway-live-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly topics = [
    process.env.GAVEL_LIVE_LOT_EVENTS_TOPIC || Topics.lotEvents,
    NOTIFICATION_EVENTS_TOPIC,
  ];
  private consumer?: Consumer;

  constructor(private readonly live: LiveGateway) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.GAVEL_LIVE_ENABLED === 'false') return;
    await ensureTopics(this.kafka, this.topics);
    this.consumer = this.kafka.consumer({ groupId: this.groupId, ...consumerTuning() });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: false });
    // No offset commits: the group is this process's alone and is deleted on shutdown, and a new process
    // reads from the end, so a commit per fetched batch would only add a broker round trip before the
    // next fetch. Partitions are handled side by side (order is kept within each, i.e. per lot).
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: intEnv('GAVEL_KAFKA_PARTITIONS_CONCURRENTLY', 8),
      eachBatch: (p) => this.onBatch(p),
    });
    this.logger.log({ message: 'live fan-out consuming', groupId: this.groupId, topics: this.topics });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.consumer) return;
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (e) {
      this.logger.warn({
        message: 'could not delete the live consumer group',
        groupId: this.groupId,
        error: (e as Error).message,
      });
    } finally {
      await admin.disconnect();
    }
  }

  private onBatch({ batch }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const routedAs = topic === this.topics[0] ? Topics.lotEvents : topic;
    for (const message of batch.messages) this.onMessage(topic, routedAs, partition, message);
    return Promise.resolve();
  }

  private onMessage(topic: string, routedAs: string, partition: number, message: KafkaMessage): void {
    const decoded = decodeMessage(message);
    if (!decoded.ok) {
      this.logger.warn({
        message: 'undecodable live event skipped',
        topic,
        partition,
        offset: message.offset,
        reason: decoded.reason,
      });
      return;
    }
    const { type, data } = decoded.envelope;
    const delivery = routeLiveEvent(routedAs, type, data);
    if (delivery) {
      const time = new Date(Number(message.timestamp)).toISOString();
      this.live.emit(delivery, { type, data, topic, partition, offset: message.offset, time });
    }
  }
}
