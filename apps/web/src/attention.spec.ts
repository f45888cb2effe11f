import { attentionRows, SagaSummary, STUCK_AFTER_MS } from './attention';

const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);
const ago = (ms: number): string => new Date(NOW - ms).toISOString();
const saga = (id: string, over: Partial<SagaSummary> = {}): SagaSummary => ({
  id,
  type: 'Order',
  status: 'RUNNING',
  step: 'charge',
  failure: null,
  attempt: 1,
  lastError: null,
  incident: null,
  updatedAt: ago(1000),
  ...over,
});

describe('attentionRows', () => {
  const incident = saga('a', {
    status: 'COMPENSATING',
    attempt: 7,
    incident: { step: 'charge', phase: 'compensation', attempts: 5, reason: 'no reply', since: ago(90_000) },
  });
  const refused = saga('b', {
    status: 'COMPENSATION_FAILED',
    lastError: 'the hold is already captured',
  });
  const stuck = saga('c', { updatedAt: ago(STUCK_AFTER_MS + 1) });
  const busy = saga('d', { updatedAt: ago(STUCK_AFTER_MS - 1000) });
  const turning = saga('e', { status: 'COMPENSATING', step: 'reserveFunds' });
  const cancelled = saga('f', {
    status: 'COMPENSATED',
    failure: { reason: 'no stock', code: 'WAREHOUSE.OUT_OF_STOCK' },
    updatedAt: ago(3_600_000),
  });
  const old = saga('g', { status: 'ABORTED', updatedAt: ago(25 * 3_600_000) });

  const rows = attentionRows(
    {
      incidents: [incident],
      refused: [refused],
      running: [stuck, busy],
      // The incident saga is compensating too: it is listed once, for its incident.
      compensating: [incident, turning],
      ended: [cancelled, old],
    },
    NOW,
  );

  it('lists each saga once, the most urgent reason first, leaving out busy and old ones', () => {
    expect(rows.map((r) => [r.saga.id, r.kind])).toEqual([
      ['a', 'no-answer'],
      ['b', 'refused'],
      ['c', 'stuck'],
      ['e', 'compensating'],
      ['f', 'failed'],
    ]);
  });

  it('says why, on which step, after how many attempts, with the last error and since when', () => {
    expect(rows[0]).toMatchObject({
      why: 'No answer (compensating)',
      step: 'charge',
      attempts: 7,
      lastError: 'no reply',
      since: ago(90_000),
    });
    expect(rows[1]).toMatchObject({ why: 'Compensation refused', lastError: 'the hold is already captured' });
    expect(rows[2].why).toBe('Stuck: no progress');
    expect(rows[4]).toMatchObject({ why: 'Cancelled: WAREHOUSE.OUT_OF_STOCK', lastError: 'no stock' });
  });
});
