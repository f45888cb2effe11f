import { rendezvousOrder } from './rendezvous';

const REPLICAS = [
  'http://10.0.0.1:18085',
  'http://10.0.0.2:18085',
  'http://10.0.0.3:18085',
  'http://10.0.0.4:18085',
  'http://10.0.0.5:18085',
];
const lotId = (i: number): string => `0192f0a4-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
const LOTS = Array.from({ length: 20_000 }, (_, i) => lotId(i));
const ownerOf = (id: string, set: readonly string[]): string => rendezvousOrder(id, set)[0];

describe('rendezvousOrder', () => {
  it('gives every replica set listed in any order the same order for a lot, every time', () => {
    const shuffled = [REPLICAS[3], REPLICAS[0], REPLICAS[4], REPLICAS[2], REPLICAS[1]];
    for (const id of LOTS.slice(0, 500)) {
      const order = rendezvousOrder(id, REPLICAS);
      expect(rendezvousOrder(id, shuffled)).toEqual(order);
      expect(rendezvousOrder(id, REPLICAS)).toEqual(order);
      expect([...order].sort()).toEqual(REPLICAS);
    }
  });

  it.each([2, 3, 4, 5])('spreads lots evenly over %i replicas (each within 5%% of its share)', (n) => {
    const set = REPLICAS.slice(0, n);
    const owned = new Map<string, number>();
    for (const id of LOTS) owned.set(ownerOf(id, set), (owned.get(ownerOf(id, set)) ?? 0) + 1);
    expect([...owned.keys()].sort()).toEqual(set);
    for (const count of owned.values()) {
      expect(Math.abs(count / LOTS.length - 1 / n)).toBeLessThan(0.05 / n);
    }
  });

  it.each([2, 3, 4, 5])(
    'moves only the lots of the replica that leaves a set of %i, each to its next replica',
    (n) => {
      const set = REPLICAS.slice(0, n);
      const leaving = set[1];
      const rest = set.filter((r) => r !== leaving);
      let moved = 0;
      for (const id of LOTS) {
        const order = rendezvousOrder(id, set);
        const after = ownerOf(id, rest);
        if (order[0] === leaving) {
          moved++;
          expect(after).toBe(order[1]); // the fallback while it was away is the owner once it is gone
        } else {
          expect(after).toBe(order[0]);
        }
      }
      expect(moved / LOTS.length).toBeGreaterThan(0.95 / n);
      expect(moved / LOTS.length).toBeLessThan(1.05 / n);
    },
  );

  it('gives a replica that joins only lots it now owns, about its share, from every other replica', () => {
    const before = REPLICAS.slice(0, 3);
    const after = REPLICAS.slice(0, 4);
    const from = new Map<string, number>();
    for (const id of LOTS) {
      const was = ownerOf(id, before);
      const is = ownerOf(id, after);
      if (was === is) continue;
      expect(is).toBe(REPLICAS[3]);
      from.set(was, (from.get(was) ?? 0) + 1);
    }
    const taken = [...from.values()].reduce((a, b) => a + b, 0);
    expect(Math.abs(taken / LOTS.length - 1 / 4)).toBeLessThan(0.0125);
    expect([...from.keys()].sort()).toEqual(before);
  });

  it('has nothing to order without replicas, and the one replica there is', () => {
    expect(rendezvousOrder(lotId(1), [])).toEqual([]);
    expect(rendezvousOrder(lotId(1), [REPLICAS[0]])).toEqual([REPLICAS[0]]);
  });
});
