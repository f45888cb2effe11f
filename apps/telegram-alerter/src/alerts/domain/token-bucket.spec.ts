import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('paces a capacity-1 bucket evenly at its rate', () => {
    const bucket = new TokenBucket(30, 1, 0);
    expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(10)).toBe(false);
    expect(bucket.waitMs(10)).toBe(24);
    expect(bucket.tryTake(34)).toBe(true);
  });

  it('allows no more than rate sends in any one-second window at capacity 1', () => {
    const bucket = new TokenBucket(30, 1, 0);
    const sends: number[] = [];
    for (let t = 0; t < 3000; t++) if (bucket.tryTake(t)) sends.push(t);
    for (let i = 0; i + 30 < sends.length; i++) expect(sends[i + 30] - sends[i]).toBeGreaterThanOrEqual(1000);
    expect(sends.length).toBeGreaterThanOrEqual(89);
  });

  it('bursts up to its capacity, then refills, and says when it is idle', () => {
    const bucket = new TokenBucket(1, 3, 0);
    expect([bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.waitMs(0)).toBe(1000);
    expect(bucket.isFull(2999)).toBe(false);
    expect(bucket.isFull(3000)).toBe(true);
    expect(bucket.tryTake(100_000) && bucket.tryTake(100_000) && bucket.tryTake(100_000)).toBe(true);
    expect(bucket.tryTake(100_000)).toBe(false);
  });
});
