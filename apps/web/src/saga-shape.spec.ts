import { formatDuration, SagaHistoryEvent, sagaProgress, ShapeStep } from './saga-shape';

const shape: ShapeStep[] = [
  { name: 'reserveFunds', participant: 'wallet', compensation: 'wallet' },
  { name: 'charge', participant: 'payment', compensation: 'payment' },
  { name: 'reserveStock', participant: 'warehouse', compensation: 'warehouse' },
  { name: 'captureFunds', participant: 'wallet', compensation: null },
];

let seq = 0;
const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();
const e = (type: string, s: number, data: SagaHistoryEvent['data'] = {}): SagaHistoryEvent => ({
  seq: ++seq,
  type,
  data,
  at: at(s),
});

describe('sagaProgress', () => {
  it('marks the path a compensated order took, with attempts and timings per phase', () => {
    const events = [
      e('SagaStarted', 0),
      e('StepCommandIssued', 0, { step: 'reserveFunds', attempt: 1 }),
      e('StepSucceeded', 1, { step: 'reserveFunds' }),
      e('StepCommandIssued', 1, { step: 'charge', attempt: 1 }),
      e('StepTimedOut', 11, { step: 'charge', attempt: 1 }),
      e('StepCommandIssued', 12, { step: 'charge', attempt: 2 }),
      e('StepSucceeded', 13, { step: 'charge' }),
      e('StepCommandIssued', 13, { step: 'reserveStock', attempt: 1 }),
      e('StepFailed', 14, { step: 'reserveStock' }),
      e('CompensationStarted', 14, { steps: ['charge', 'reserveFunds'] }),
      e('CompensationCommandIssued', 14, { step: 'charge', attempt: 1 }),
      e('CompensationSucceeded', 16, { step: 'charge' }),
      e('CompensationCommandIssued', 16, { step: 'reserveFunds', attempt: 1 }),
    ];
    const steps = sagaProgress(shape, events, { status: 'COMPENSATING', step: 'reserveFunds' });
    expect(steps.map((s) => [s.name, s.state, s.undo])).toEqual([
      ['reserveFunds', 'done', 'undoing'],
      ['charge', 'done', 'undone'],
      ['reserveStock', 'refused', 'none'],
      ['captureFunds', 'not-reached', 'none'],
    ]);
    expect(steps[1].run).toEqual({ attempts: 2, startedAt: at(1), endedAt: at(13), durationMs: 12_000 });
    expect(steps[1].undoRun).toEqual({ attempts: 1, startedAt: at(14), endedAt: at(16), durationMs: 2000 });
    expect(steps[0].undoRun).toEqual({ attempts: 1, startedAt: at(16) });
  });

  it('shows the step a running saga waits on, its open incident, and a step abandoned when it turned back', () => {
    const waiting = [
      e('StepCommandIssued', 0, { step: 'reserveFunds', attempt: 1 }),
      e('StepSucceeded', 1, { step: 'reserveFunds' }),
      e('StepCommandIssued', 1, { step: 'charge', attempt: 5 }),
      e('IncidentRaised', 60, { step: 'charge' }),
    ];
    const running = sagaProgress(shape, waiting, { status: 'RUNNING', step: 'charge' });
    expect(running[1]).toMatchObject({ state: 'waiting', incident: true, run: { attempts: 5 } });

    const turned = [...waiting, e('IncidentResolved', 70, { step: 'charge' })];
    const aborted = sagaProgress(shape, turned, { status: 'ABORTED', step: 'charge' });
    expect(aborted[1]).toMatchObject({ state: 'abandoned', incident: false });
  });

  it('lists the steps in the order they came when the definition is unknown', () => {
    const steps = sagaProgress(
      null,
      [e('StepCommandIssued', 0, { step: 'holdFunds', participant: 'wallet', attempt: 1 })],
      { status: 'RUNNING', step: 'holdFunds' },
    );
    expect(steps).toEqual([
      expect.objectContaining({
        name: 'holdFunds',
        participant: 'wallet',
        state: 'waiting',
        compensation: null,
      }),
    ]);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [12_400, '12.4 s'],
    [185_000, '3 min 5 s'],
    [7_800_000, '2 h 10 min'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
