import { batchesOf, failedBatchOutcomes, isBatchAnswer } from './bulk-saga-action';

describe('bulk saga actions', () => {
  it('sends each distinct id once, in order, in batches', () => {
    expect(batchesOf(['a', 'b', 'a', 'c', 'd', 'b', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(batchesOf(Array.from({ length: 500 }, (_, i) => `s${i}`))).toHaveLength(5);
  });

  it('answers for every saga of a failed batch and of the batches not sent', () => {
    expect(
      failedBatchOutcomes(['a'], ['b'], {
        code: 'UPSTREAM.UNAVAILABLE',
        message: 'The orchestrator service is unavailable',
      }),
    ).toEqual([
      {
        sagaId: 'a',
        ok: false,
        code: 'UPSTREAM.UNAVAILABLE',
        message: 'The orchestrator service is unavailable',
      },
      {
        sagaId: 'b',
        ok: false,
        code: 'SAGA.NOT_ATTEMPTED',
        message: 'Not sent: an earlier batch failed (UPSTREAM.UNAVAILABLE)',
      },
    ]);
    const [timedOut] = failedBatchOutcomes(['a'], [], { code: 'UPSTREAM.TIMEOUT', message: 'too slow' });
    expect(timedOut).toMatchObject({
      ok: false,
      message: 'too slow (the action may have been recorded: look at the saga)',
    });
  });

  it('recognises an orchestrator batch answer', () => {
    expect(
      isBatchAnswer({ results: [{ sagaId: 'a', ok: true, status: 'ABORTED', step: null, events: [] }] }),
    ).toBe(true);
    expect(isBatchAnswer({ results: [{ ok: true }] })).toBe(false);
    expect(isBatchAnswer({})).toBe(false);
    expect(isBatchAnswer('x')).toBe(false);
  });
});
