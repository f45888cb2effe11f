import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Consumer, TopicPartitionOffset } from 'kafkajs';
import { OffsetCommitter } from './offset-committer';

/** The parts of a kafkajs consumer the committer uses: its events and `commitOffsets`. */
function fakeConsumer(fail: () => boolean, answered: () => Promise<void> = () => Promise.resolve()) {
  const events = new EventEmitter();
  const commits: TopicPartitionOffset[][] = [];
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join' },
    on: (name: string, listener: (e: unknown) => void) => events.on(name, listener),
    commitOffsets: async (offsets: TopicPartitionOffset[]) => {
      await answered();
      if (fail()) throw new Error('The coordinator is loading');
      commits.push(offsets);
    },
  };
  const join = (memberAssignment: Record<string, number[]>) =>
    events.emit('consumer.group_join', { payload: { memberAssignment } });
  return { consumer: consumer as unknown as Consumer, commits, join };
}

const quiet = new Logger('offset-committer-spec');
beforeAll(() => jest.spyOn(quiet, 'warn').mockImplementation(() => undefined));

describe('OffsetCommitter', () => {
  it('commits the position after the last processed offset of each partition, once', async () => {
    const { consumer, commits } = fakeConsumer(() => false);
    const c = new OffsetCommitter(consumer, 'g', quiet, 60_000);
    c.processed('t', 0, '4');
    c.processed('t', 0, '9');
    c.processed('t', 3, '0');
    await c.commit();
    await c.commit(); // nothing new
    expect(commits).toEqual([
      [
        { topic: 't', partition: 0, offset: '10' },
        { topic: 't', partition: 3, offset: '1' },
      ],
    ]);
  });

  it('keeps a failed commit for the next round unless a later batch of the partition replaced it', async () => {
    let failing = true;
    let sent!: () => void;
    let answer!: () => void;
    const inFlight = new Promise<void>((r) => (sent = r));
    const { consumer, commits } = fakeConsumer(
      () => failing,
      () => {
        if (!failing) return Promise.resolve();
        sent();
        return new Promise<void>((r) => (answer = r));
      },
    );
    const c = new OffsetCommitter(consumer, 'g', quiet, 60_000);
    c.processed('t', 0, '4');
    c.processed('t', 1, '7');
    const first = c.commit();
    await inFlight;
    c.processed('t', 1, '8'); // arrives while the failing commit is in flight
    answer();
    await first;
    expect(commits).toEqual([]);
    failing = false;
    await c.commit();
    expect(commits).toEqual([
      [
        { topic: 't', partition: 1, offset: '9' },
        { topic: 't', partition: 0, offset: '5' },
      ],
    ]);
  });

  it('drops the pending offsets of partitions a rebalance took away, and commits the rest at stop', async () => {
    const { consumer, commits, join } = fakeConsumer(() => false);
    const c = new OffsetCommitter(consumer, 'g', quiet, 60_000);
    c.start();
    c.processed('t', 0, '1');
    c.processed('t', 2, '5');
    c.processed('u', 0, '3');
    join({ t: [2, 4] });
    await c.stop();
    expect(commits).toEqual([[{ topic: 't', partition: 2, offset: '6' }]]);
  });
});
