import type { Kafka } from 'kafkajs';
import { intEnv } from '@app/common';

/**
 * Creates the topics a consumer subscribes to when they do not exist yet and waits for their
 * partition leaders, so a service that starts before any producer does not fail to subscribe.
 * Both consumers call it before subscribing.
 */
export async function ensureTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      const numPartitions = intEnv('GAVEL_KAFKA_PARTITIONS', 6);
      // Another service may create the same topic at the same moment: "already exists" is fine.
      await admin
        .createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true })
        .catch((e: Error) => {
          if (!/already exists/i.test(e.message)) throw e;
        });
    }
    await admin.fetchTopicMetadata({ topics });
  } finally {
    await admin.disconnect();
  }
}
