import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { consumerTuning, createKafka, ensureTopics } from '@app/messaging';
import { sleep, waitFor } from '../support/env';

/**
 * An idle consumer's fetch is held by the broker for the whole fetch wait. Stopping a consumer must not
 * wait for it (kafkajs alone waits the whole wait, twice over), and must lose nothing: what arrives while
 * the dropped fetch was held goes to the group's next member.
 */
describe('stopping a consumer whose fetch the broker holds (real Kafka)', () => {
  const HOLD_MS = 30_000;
  let topic: string;
  let groupId: string;

  beforeEach(async () => {
    topic = `gavel-test-quick-stop-${randomUUID()}`;
    groupId = `quick-stop-${randomUUID()}`;
    await ensureTopics(createKafka('quick-stop-topics'), [topic]);
  });

  async function startConsumer(seen: KafkaMessage[]): Promise<Consumer> {
    const consumer = createKafka(`quick-stop-${randomUUID()}`).consumer({
      groupId,
      ...consumerTuning(),
      maxWaitTimeInMs: HOLD_MS,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    await joined;
    return consumer;
  }

  it('disconnects without waiting for the held fetch, and the next member gets what came after', async () => {
    const first: KafkaMessage[] = [];
    const a = await startConsumer(first);
    const producer = createKafka('quick-stop-producer').producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'k', value: 'before' }] });
      await waitFor('the first record', async () => first.length === 1, 20_000);
      await sleep(2_000); // its next fetch is now held at the broker, for up to HOLD_MS

      const stopping = Date.now();
      await a.disconnect();
      // kafkajs alone returns only when the broker answers the held fetch (HOLD_MS - 2 s from here)
      expect(Date.now() - stopping).toBeLessThan(HOLD_MS / 3);

      await producer.send({ topic, messages: [{ key: 'k', value: 'after' }] });
      const second: KafkaMessage[] = [];
      const b = await startConsumer(second);
      try {
        await waitFor("the next member's record", async () => second.length >= 1, 20_000);
        expect(second.map((m) => m.value?.toString())).toEqual(['after']);
      } finally {
        await b.disconnect();
      }
    } finally {
      await producer.disconnect();
    }
  });

  it('a consumer that keeps running still receives as soon as a record arrives, not at the end of the wait', async () => {
    const seen: KafkaMessage[] = [];
    const consumer = await startConsumer(seen);
    const producer = createKafka('quick-stop-producer').producer();
    await producer.connect();
    try {
      await sleep(2_000);
      const sent = Date.now();
      await producer.send({ topic, messages: [{ key: 'k', value: 'now' }] });
      await waitFor('the record', async () => seen.length === 1, 20_000);
      expect(Date.now() - sent).toBeLessThan(HOLD_MS / 3);
    } finally {
      await producer.disconnect();
      await consumer.disconnect();
    }
  });
});
