import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Consumer, Producer } from 'kafkajs';
import {
  consumerTuning,
  createKafka,
  ensureTopics,
  GroupCommit,
  OffsetCommitter,
  runTuning,
} from '@app/messaging';
import { sleep, waitFor } from '../support/env';

/**
 * Gavel's consumers commit their offsets in the background (`OffsetCommitter`), not in the fetch loop:
 * kafkajs's auto-commit awaited an OffsetCommit after every batch before fetching again, which put tens of
 * milliseconds on every hop. Against the real broker: a busy member sends far fewer commits than it
 * handles batches and still has the group's offsets at the end within an interval; a stopping member
 * commits what it applied, so the next member starts right after it.
 */
describe('background offset commits (real Kafka)', () => {
  const admin = createKafka('offset-commits-admin').admin();
  let producer: Producer;
  let topic: string;
  let groupId: string;

  beforeAll(async () => {
    await admin.connect();
    producer = createKafka('offset-commits-producer').producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
  });

  beforeEach(async () => {
    topic = `gavel-test-offset-commits-${randomUUID()}`;
    groupId = `offset-commits-${randomUUID()}`;
    await ensureTopics(createKafka('offset-commits-topics'), [topic]);
  });

  interface Member {
    consumer: Consumer;
    offsets: OffsetCommitter;
    seen: string[];
    batches: number;
    commitRequests: number;
  }

  /** A member as the service consumers run one: group transaction (here: a record of what was applied). */
  async function startMember(intervalMs: number): Promise<Member> {
    const consumer = createKafka(`offset-commits-${randomUUID()}`).consumer({
      groupId,
      ...consumerTuning(),
      maxWaitTimeInMs: 500,
    });
    const member: Member = {
      consumer,
      offsets: new OffsetCommitter(consumer, groupId, new Logger('offset-commits-spec'), intervalMs),
      seen: [],
      batches: 0,
      commitRequests: 0,
    };
    consumer.on(consumer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'OffsetCommit') member.commitRequests++;
    });
    const group = new GroupCommit<string>(async (batches) => {
      await sleep(2); // a transaction
      member.seen.push(...batches.flat());
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    member.offsets.start();
    await consumer.run({
      ...runTuning(),
      eachBatch: async (payload) => {
        if (payload.batch.messages.length === 0) return;
        member.batches++;
        const values = payload.batch.messages.map((m) => m.value?.toString() ?? '');
        await group.acknowledgeAfter(values, payload, member.offsets);
      },
    });
    await joined;
    return member;
  }

  async function stopMember(m: Member): Promise<void> {
    await m.offsets.stop();
    await m.consumer.disconnect();
  }

  async function committedTotal(): Promise<number> {
    const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
  }

  async function endTotal(): Promise<number> {
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((n, p) => n + Number(p.offset), 0);
  }

  it('a busy member commits once per interval, not per batch, and has the offsets at the end', async () => {
    const member = await startMember(1_000);
    try {
      const started = Date.now();
      for (let i = 0; i < 40; i++) {
        await producer.send({ topic, messages: [{ key: `k${i % 6}`, value: `m${i}` }] });
        await sleep(25); // each record on its own: most fetches carry one batch
      }
      await waitFor('all 40 records applied', async () => member.seen.length === 40, 20_000);
      await waitFor(
        'the group offsets at the end',
        async () => (await committedTotal()) === (await endTotal()),
        10_000,
      );
      const seconds = (Date.now() - started) / 1000;

      expect(member.seen.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
      expect(member.batches).toBeGreaterThan(10);
      // one commit per interval that had something to commit (and kafkajs's auto-commit is off)
      expect(member.commitRequests).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
      expect(member.commitRequests).toBeLessThan(member.batches);
    } finally {
      await stopMember(member);
    }
  });

  it('stopping commits what was applied: the next member starts after it, missing and repeating nothing', async () => {
    const first = await startMember(60_000); // no timed commit during this test
    try {
      await producer.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ key: value, value })) });
      await waitFor('the first three records', async () => first.seen.length === 3, 20_000);
      expect(await committedTotal()).toBe(0);
    } finally {
      await stopMember(first);
    }
    expect(await committedTotal()).toBe(3);

    await producer.send({ topic, messages: [{ key: 'd', value: 'd' }] });
    const second = await startMember(60_000);
    try {
      await waitFor("the next member's record", async () => second.seen.length >= 1, 20_000);
      await sleep(1_000);
      expect(second.seen).toEqual(['d']);
    } finally {
      await stopMember(second);
    }
  });
});
