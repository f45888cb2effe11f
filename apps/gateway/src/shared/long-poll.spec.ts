import { longPoll } from './long-poll';

describe('longPoll', () => {
  it('returns the first settled answer and passes the remaining wait to each call', async () => {
    const waits: number[] = [];
    const answers = ['PENDING', 'DONE'];
    const deadline = Date.now() + 5_000;
    const value = await longPoll(
      async (waitMs) => {
        waits.push(waitMs);
        return answers.shift();
      },
      (v) => v === 'DONE',
      deadline,
      50,
    );
    expect(value).toBe('DONE');
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThan(4_000);
    expect(waits[0]).toBeLessThanOrEqual(5_000);
  });

  it('backs off after unsettled answers and failures instead of spinning, then gives the last answer', async () => {
    let calls = 0;
    const value = await longPoll<string>(
      // an upstream that does not hold the request, and fails half the time
      async () => {
        calls += 1;
        return calls % 2 === 0 ? undefined : 'PENDING';
      },
      (v) => v === 'DONE',
      Date.now() + 500,
      100,
    );
    expect(value).toBe('PENDING');
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(7); // ~500 ms / 100 ms back-off, not thousands of calls
  });

  it('returns undefined when nothing ever answered', async () => {
    expect(
      await longPoll(
        async () => undefined,
        () => true,
        Date.now() + 120,
        50,
      ),
    ).toBeUndefined();
  });
});
