import type { EachBatchPayload } from 'kafkajs';
import { GroupCommit } from './group-commit';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The parts of kafkajs's eachBatch payload that GroupCommit uses, recording what it was asked. */
function payload(lastOffset: string, heartbeat: () => Promise<void>) {
  const calls: string[] = [];
  const p = {
    batch: { topic: 't', partition: 2, messages: [], lastOffset: () => lastOffset },
    resolveOffset: (offset: string) => calls.push(`resolve ${offset}`),
    heartbeat: () => {
      calls.push('heartbeat');
      return heartbeat();
    },
  };
  const offsets = {
    group: 'spec',
    processed: (topic: string, partition: number, offset: string) =>
      void calls.push(`processed ${topic}/${partition}@${offset}`),
  };
  return { calls, p: p as unknown as EachBatchPayload, offsets };
}

describe('GroupCommit', () => {
  it('applies the batches submitted in one turn of the event loop together, in submission order', async () => {
    const groups: number[][][] = [];
    const group = new GroupCommit<number>(async (batches) => {
      groups.push(batches);
      await sleep(20);
    });
    await Promise.all([group.submit([1]), group.submit([2, 3]), group.submit([4])]);
    expect(groups).toEqual([[[1], [2, 3], [4]]]);
  });

  it('applies the batches submitted during a transaction together in the next one', async () => {
    const groups: number[][][] = [];
    const group = new GroupCommit<number>(async (batches) => {
      groups.push(batches);
      await sleep(40);
    });
    const first = group.submit([1]);
    await sleep(10);
    await Promise.all([first, group.submit([2]), group.submit([3, 4])]);
    expect(groups).toEqual([[[1]], [[2], [3, 4]]]);
  });

  it('closes a group at maxItems (a larger batch still goes alone)', async () => {
    const groups: number[][][] = [];
    const group = new GroupCommit<number>(async (batches) => void groups.push(batches), 3);
    await Promise.all([
      group.submit([1, 2]),
      group.submit([3]),
      group.submit([4, 5, 6, 7]),
      group.submit([8]),
    ]);
    expect(groups).toEqual([[[1, 2], [3]], [[4, 5, 6, 7]], [[8]]]);
  });

  it('heartbeats while a batch waits for a long transaction, and resolves its offset only after it', async () => {
    const group = new GroupCommit<number>(() => sleep(260), 1_000, 50);
    const { calls, p, offsets } = payload('41', () => Promise.resolve());
    await group.acknowledgeAfter([1, 2], p, offsets);
    const resolved = calls.indexOf('resolve 41');
    expect(calls.slice(0, resolved).filter((c) => c === 'heartbeat').length).toBeGreaterThanOrEqual(3);
    expect(calls.slice(resolved)).toEqual(['resolve 41', 'processed t/2@41', 'heartbeat']);
    // no heartbeat after the batch is done
    const count = calls.length;
    await sleep(120);
    expect(calls).toHaveLength(count);
  });

  it('a heartbeat refused while waiting does not fail the batch; the one after the transaction reports it', async () => {
    let refuse = true;
    const group = new GroupCommit<number>(() => sleep(120), 1_000, 30);
    const { calls, p, offsets } = payload('7', () => {
      if (refuse) return Promise.reject(new Error('The group is rebalancing'));
      return Promise.resolve();
    });
    const done = group.acknowledgeAfter([1], p, offsets);
    await sleep(80);
    refuse = false;
    await expect(done).resolves.toBeUndefined();
    expect(calls).toContain('resolve 7');

    refuse = true;
    const { p: again } = payload('8', () => Promise.reject(new Error('The group is rebalancing')));
    await expect(group.acknowledgeAfter([2], again, offsets)).rejects.toThrow('rebalancing');
  });

  it('a failed transaction fails every batch of its group and resolves no offset', async () => {
    const group = new GroupCommit<number>(() => Promise.reject(new Error('deadlock')), 1_000, 50);
    const { calls, p, offsets } = payload('3', () => Promise.resolve());
    await expect(group.acknowledgeAfter([1], p, offsets)).rejects.toThrow('deadlock');
    expect(calls).not.toContain('resolve 3');
    expect(calls.filter((c) => c.startsWith('processed'))).toEqual([]);
  });
});
