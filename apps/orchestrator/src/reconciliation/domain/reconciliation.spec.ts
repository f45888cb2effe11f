import { commandsOf, compareSaga, HistoryEventRow, ParticipantEntry, SagaSummary } from './reconciliation';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number): Date => new Date(now.getTime() - ms);
const opts = { now, graceMs: 60_000 };

const issued = (step: string, participant: string, commandId: string): HistoryEventRow => ({
  type: 'StepCommandIssued',
  data: { step, participant, commandId },
});
const compIssued = (step: string, participant: string, commandId: string): HistoryEventRow => ({
  type: 'CompensationCommandIssued',
  data: { step, participant, commandId },
});
const ev = (
  type: string,
  step: string,
  commandId: string,
  extra: HistoryEventRow['data'] = {},
): HistoryEventRow => ({
  type,
  data: { step, commandId, ...extra },
});
const saga = (status: SagaSummary['status'], updatedAt = ago(10 * 60_000)): SagaSummary => ({
  id: 's-1',
  type: 'Order',
  status,
  updatedAt,
});
const logged = (
  commandId: string,
  outcome: 'success' | 'failure',
  at = ago(5 * 60_000),
): ParticipantEntry => ({
  commandId,
  outcome,
  replyType: outcome === 'success' ? 'x.done' : 'x.refused',
  ...(outcome === 'failure' ? { code: 'X.NO' } : {}),
  at: at.toISOString(),
});
const byId = (...entries: ParticipantEntry[]) => new Map(entries.map((e) => [e.commandId, e]));

/** A completed two-step order: hold (wallet) then charge (payment). */
const completed: HistoryEventRow[] = [
  issued('reserveFunds', 'wallet', 'c1'),
  issued('reserveFunds', 'wallet', 'c1'), // a retry re-issues the same commandId
  ev('StepSucceeded', 'reserveFunds', 'c1'),
  issued('charge', 'payment', 'c2'),
  ev('StepSucceeded', 'charge', 'c2'),
];

describe('commandsOf', () => {
  it('lists each issued command once with the outcome its history records', () => {
    expect(commandsOf(completed)).toEqual([
      { commandId: 'c1', step: 'reserveFunds', phase: 'forward', participant: 'wallet', history: 'success' },
      { commandId: 'c2', step: 'charge', phase: 'forward', participant: 'payment', history: 'success' },
    ]);
  });

  it('reads failures, compensations and late replies; a timeout or a skip records no outcome', () => {
    const commands = commandsOf([
      issued('reserveFunds', 'wallet', 'c1'),
      ev('StepSucceeded', 'reserveFunds', 'c1'),
      issued('charge', 'payment', 'c2'),
      ev('StepTimedOut', 'charge', 'c2'),
      compIssued('charge', 'payment', 'k2'),
      ev('CompensationAttemptFailed', 'charge', 'k2'),
      ev('CompensationSucceeded', 'charge', 'k2'),
      ev('LateReplyRecorded', 'charge', 'c2', { phase: 'forward', outcome: 'success' }),
      compIssued('reserveFunds', 'wallet', 'k1'),
      ev('CompensationFailed', 'reserveFunds', 'k1'),
      issued('reserveStock', 'warehouse', 'c3'),
      ev('StepFailed', 'reserveStock', 'c3'),
      compIssued('bookDelivery', 'delivery', 'k4'),
      ev('CompensationSkipped', 'bookDelivery', 'k4'),
    ]);
    expect(commands.map((c) => [c.commandId, c.phase, c.history])).toEqual([
      ['c1', 'forward', 'success'],
      ['c2', 'forward', 'success'],
      ['k2', 'compensation', 'success'],
      ['k1', 'compensation', 'failure'],
      ['c3', 'forward', 'failure'],
      ['k4', 'compensation', 'none'],
    ]);
  });

  it('keeps the last outcome recorded for a command', () => {
    const [k1] = commandsOf([
      compIssued('reserveFunds', 'wallet', 'k1'),
      ev('CompensationFailed', 'reserveFunds', 'k1'),
      ev('CompensationSucceeded', 'reserveFunds', 'k1'),
    ]);
    expect(k1.history).toBe('success');
  });

  it('skips an outcome for a command the stream never issued (no participant to ask)', () => {
    expect(commandsOf([ev('StepSucceeded', 'charge', 'c9')])).toEqual([]);
  });
});

describe('compareSaga', () => {
  it('finds nothing when the participants logged what the history records', () => {
    expect(
      compareSaga(
        saga('COMPLETED'),
        commandsOf(completed),
        byId(logged('c1', 'success'), logged('c2', 'success')),
        opts,
      ),
    ).toEqual([]);
  });

  it('(a) a reply the participant kept but the history never recorded, on a terminal saga', () => {
    const history = completed.filter((e) => !(e.type === 'StepSucceeded' && e.data.step === 'charge'));
    const found = compareSaga(
      saga('COMPLETED'),
      commandsOf(history),
      byId(logged('c1', 'success'), logged('c2', 'success')),
      opts,
    );
    expect(found).toEqual([
      {
        sagaId: 's-1',
        sagaType: 'Order',
        sagaStatus: 'COMPLETED',
        step: 'charge',
        phase: 'forward',
        commandId: 'c2',
        participant: 'payment',
        history: 'none',
        participantOutcome: 'success',
        kind: 'reply-not-in-history',
        participantReply: { type: 'x.done', at: expect.any(String) },
      },
    ]);
  });

  it('(a) is not flagged while the reply may be in flight (saga changed or reply kept within the grace)', () => {
    const waiting = [issued('charge', 'payment', 'c2')];
    const entries = byId(logged('c2', 'success'));
    expect(compareSaga(saga('RUNNING', ago(5_000)), commandsOf(waiting), entries, opts)).toEqual([]);
    expect(
      compareSaga(saga('COMPLETED'), commandsOf(waiting), byId(logged('c2', 'success', ago(5_000))), opts),
    ).toEqual([]);
    // Quiet for longer than the grace: even a running saga should have recorded it by now.
    expect(compareSaga(saga('RUNNING', ago(120_000)), commandsOf(waiting), entries, opts)).toEqual([
      expect.objectContaining({ commandId: 'c2', kind: 'reply-not-in-history' }),
    ]);
    // With no grace, a terminal saga is checked at once.
    expect(
      compareSaga(saga('COMPENSATED'), commandsOf(waiting), byId(logged('c2', 'success', ago(5_000))), {
        now,
        graceMs: 0,
      }),
    ).toHaveLength(1);
  });

  it('(a) a compensation the participant applied after an operator skipped it', () => {
    const history = [
      compIssued('bookDelivery', 'delivery', 'k4'),
      ev('CompensationSkipped', 'bookDelivery', 'k4'),
    ];
    expect(
      compareSaga(saga('COMPENSATED'), commandsOf(history), byId(logged('k4', 'success')), opts),
    ).toEqual([
      expect.objectContaining({
        phase: 'compensation',
        history: 'none',
        participantOutcome: 'success',
        kind: 'reply-not-in-history',
      }),
    ]);
  });

  it('(b) outcomes differ, either way, whatever the saga status', () => {
    const history = [
      issued('reserveStock', 'warehouse', 'c3'),
      ev('StepFailed', 'reserveStock', 'c3'),
      compIssued('charge', 'payment', 'k2'),
      ev('CompensationSucceeded', 'charge', 'k2'),
    ];
    const found = compareSaga(
      saga('COMPENSATING', ago(1_000)),
      commandsOf(history),
      byId(logged('c3', 'success'), logged('k2', 'failure')),
      opts,
    );
    expect(found.map((d) => [d.commandId, d.history, d.participantOutcome, d.kind])).toEqual([
      ['c3', 'failure', 'success', 'outcome-mismatch'],
      ['k2', 'success', 'failure', 'outcome-mismatch'],
    ]);
    expect(found[1].participantReply).toEqual({ type: 'x.refused', code: 'X.NO', at: expect.any(String) });
  });

  it('(b) a late reply recorded with another outcome than the participant kept', () => {
    const history = [
      issued('charge', 'payment', 'c2'),
      ev('LateReplyRecorded', 'charge', 'c2', { phase: 'forward', outcome: 'failure' }),
    ];
    expect(
      compareSaga(saga('COMPENSATED'), commandsOf(history), byId(logged('c2', 'success')), opts),
    ).toEqual([
      expect.objectContaining({
        history: 'failure',
        participantOutcome: 'success',
        kind: 'outcome-mismatch',
      }),
    ]);
  });

  it('(c) a success in the history that the participant never logged, even on a running saga', () => {
    const found = compareSaga(
      saga('RUNNING', ago(1_000)),
      commandsOf(completed),
      byId(logged('c1', 'success')),
      opts,
    );
    expect(found).toEqual([
      expect.objectContaining({
        commandId: 'c2',
        history: 'success',
        participantOutcome: 'none',
        kind: 'missing-at-participant',
      }),
    ]);
    expect(found[0]).not.toHaveProperty('participantReply');
  });

  it('agrees when neither has an outcome, or on a failure the participant never kept (PARTICIPANT.ERROR)', () => {
    const history = [
      issued('reserveFunds', 'wallet', 'c1'),
      ev('StepFailed', 'reserveFunds', 'c1'),
      compIssued('charge', 'payment', 'k2'),
      ev('CompensationAttemptFailed', 'charge', 'k2'),
      compIssued('reserveStock', 'warehouse', 'k3'),
      ev('CompensationFailed', 'reserveStock', 'k3'),
    ];
    expect(compareSaga(saga('COMPENSATION_FAILED'), commandsOf(history), byId(), opts)).toEqual([]);
  });
});
