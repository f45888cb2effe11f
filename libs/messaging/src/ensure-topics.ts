import type { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { intEnv } from '@app/common';

/** A broker that is still settling a new topic (created a moment ago, here or by another service). */
function isTransient(e: unknown): boolean {
  if ((e as { retriable?: unknown }).retriable === true) return true;
  const message = e instanceof Error ? e.message : String(e);
  return /does not host this topic-partition|leader not available|not the leader|not available/i.test(
    message,
  );
}

/**
 * Creates the topics a consumer subscribes to when they do not exist yet and waits for their
 * partition leaders, so a service that starts before any producer does not fail to subscribe.
 * Both consumers call it before subscribing. Several services start together on a fresh cluster and
 * create the same topics at once: "already exists" is fine, and a broker still settling a topic
 * ("does not host this topic-partition", "leader not available") is waited for, up to
 * GAVEL_KAFKA_TOPIC_WAIT_MS (30 s), instead of failing the service's start.
 */
export async function ensureTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const deadline = Date.now() + intEnv('GAVEL_KAFKA_TOPIC_WAIT_MS', 30_000);
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await createMissing(admin, topics);
        await admin.fetchTopicMetadata({ topics });
        return;
      } catch (e) {
        if (!isTransient(e) || Date.now() >= deadline) throw e;
        await sleep(Math.min(2_000, 100 * 2 ** attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

async function createMissing(admin: ReturnType<Kafka['admin']>, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  const numPartitions = intEnv('GAVEL_KAFKA_PARTITIONS', 6);
  await admin
    .createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true })
    .catch((e: Error) => {
      if (!/already exists/i.test(e.message)) throw e;
    });
}
