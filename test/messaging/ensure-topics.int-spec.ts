import { randomUUID } from 'node:crypto';
import { createKafka, ensureTopics } from '@app/messaging';

/**
 * Services start together on a fresh cluster and create the same topics at the same moment. Each of
 * them must come up: none may fail its start on "already exists" or on a broker still settling the
 * new topic ("does not host this topic-partition") — the race that once stopped an orchestrator.
 */
describe('ensureTopics on a real Kafka', () => {
  it('twelve clients creating the same new topics at once all succeed; the topics have their partitions', async () => {
    const topics = [`gavel-test-race-${randomUUID()}`, `gavel-test-race-${randomUUID()}`];
    const clients = Array.from({ length: 12 }, (_, i) => createKafka(`race-${i}`));
    await Promise.all(clients.map((kafka) => ensureTopics(kafka, topics)));

    const admin = createKafka('race-check').admin();
    await admin.connect();
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      expect(meta.map((t) => t.name).sort()).toEqual([...topics].sort());
      for (const t of meta) {
        expect(t.partitions).toHaveLength(Number(process.env.GAVEL_KAFKA_PARTITIONS ?? 6));
        expect(t.partitions.every((p) => p.leader >= 0)).toBe(true);
      }
      await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
  });
});
