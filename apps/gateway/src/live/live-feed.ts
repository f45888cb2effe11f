import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { intEnv } from '@app/common';
import { Topics } from '@app/contracts';
import { consumerTuning, createKafka, decodeMessage, ensureTopics } from '@app/messaging';
import { LiveDelivery, LivePayload, routeLiveEvent } from './live.events';

/** One event for the socket server: the room and event name, and the payload to emit. */
export type LiveItem = [delivery: LiveDelivery, payload: LivePayload];

export interface LiveFeedOptions {
  groupId: string;
  /** lot.events (or its override) first, then notification.events. */
  topics: string[];
}

export interface LiveFeed {
  stop(): Promise<void>;
}

/**
 * The live feed's Kafka side: a consumer of its own group reading the topics from their end, each fetched
 * batch decoded and routed in one synchronous pass and handed to `sink` as one array (order is kept within
 * a partition, i.e. per lot). No offset commits: the group is this process's alone and is deleted on stop,
 * and a new process reads from the end. It runs in the gateway's live-feed worker thread (LiveEventsConsumer),
 * so decoding a burst of bids never holds up the HTTP requests on the main event loop.
 */
export async function startLiveFeed(
  options: LiveFeedOptions,
  sink: (items: LiveItem[]) => void,
): Promise<LiveFeed> {
  const logger = new Logger('LiveFeed');
  const kafka = createKafka('gateway-live');
  const [lotTopic] = options.topics;
  await ensureTopics(kafka, options.topics);
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId, ...consumerTuning() });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: false });

  const onBatch = ({ batch }: EachBatchPayload): Promise<void> => {
    const { topic, partition } = batch;
    const routedAs = topic === lotTopic ? Topics.lotEvents : topic;
    const items: LiveItem[] = [];
    for (const message of batch.messages) {
      const item = route(topic, routedAs, partition, message);
      if (item) items.push(item);
    }
    if (items.length > 0) sink(items);
    return Promise.resolve();
  };

  const route = (
    topic: string,
    routedAs: string,
    partition: number,
    message: KafkaMessage,
  ): LiveItem | undefined => {
    const decoded = decodeMessage(message);
    if (!decoded.ok) {
      logger.warn({
        message: 'undecodable live event skipped',
        topic,
        partition,
        offset: message.offset,
        reason: decoded.reason,
      });
      return undefined;
    }
    const { type, data } = decoded.envelope;
    const delivery = routeLiveEvent(routedAs, type, data);
    if (!delivery) return undefined;
    const time = new Date(Number(message.timestamp)).toISOString();
    return [delivery, { type, data, topic, partition, offset: message.offset, time }];
  };

  // Partitions are handled side by side (order is kept within each, i.e. per lot).
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: intEnv('GAVEL_KAFKA_PARTITIONS_CONCURRENTLY', 8),
    eachBatch: onBatch,
  });
  logger.log({ message: 'live fan-out consuming', groupId: options.groupId, topics: options.topics });

  return {
    async stop(): Promise<void> {
      await consumer.disconnect();
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.deleteGroups([options.groupId]);
      } catch (e) {
        logger.warn({
          message: 'could not delete the live consumer group',
          groupId: options.groupId,
          error: (e as Error).message,
        });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
