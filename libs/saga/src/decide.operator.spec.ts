import { SagaEvent } from './events';
import { SAGA, T0, cmd, comp, ev, given, input, timerAt } from './testing/given';

const T1 = T0 + 1_000;
const T2 = T0 + 2_000;
const T3 = T0 + 3_000;
const booking: SagaEvent[] = [
  ev.started(),
  ev.issued('charge'),
  ev.succeeded('charge'),
  ev.issued('reserve', T1),
  ev.succeeded('reserve'),
  ev.issued('book', T2),
];

describe('saga decider: operator actions', () => {
  it('compensate on a RUNNING saga undoes the in-flight step and the completed ones', () => {
    const why = 'customer cancelled';
    const outcome = given(...booking)
      .when(input.compensate(T3, 'bob', why), { ids: [comp('book')] })
      .then(
        { type: 'OperatorCompensateRequested', data: { by: 'bob', reason: why } },
        ev.compensationStarted(why, 'SAGA.OPERATOR_COMPENSATE', ['book', 'reserve', 'charge']),
        ev.compIssued('book', T3),
      );
    expect(outcome.state.status).toBe('COMPENSATING');
  });

  it('compensate twice, or on a finished saga, is ignored', () => {
    const compensating = [
      ...booking,
      { type: 'OperatorCompensateRequested' as const, data: { by: 'bob', reason: 'x' } },
      ev.compensationStarted('x', 'SAGA.OPERATOR_COMPENSATE', ['book', 'reserve', 'charge']),
      ev.compIssued('book', T3),
    ];
    given(...compensating)
      .when(input.compensate(T3 + 1))
      .thenIgnored('ALREADY_COMPENSATING');
    given(...booking, ev.succeeded('book'), ev.completed())
      .when(input.compensate(T3))
      .thenIgnored('SAGA_TERMINAL');
  });

  it('retry on a RUNNING saga re-sends the waiting command with the same id and a new deadline', () => {
    given(...booking)
      .when(input.retry(T3, 'bob'))
      .then(
        { type: 'OperatorRetryRequested', data: { by: 'bob', step: 'book' } },
        ev.issued('book', T3, 1, T2),
      )
      .thenEffects(
        { kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(6) },
        { kind: 'schedule', sagaId: SAGA, timerId: timerAt(8), at: T3 + 5_000 },
        expect.objectContaining({ kind: 'send', step: 'book', commandId: cmd('book'), attempt: 1 }),
      );
  });

  it('retry on a completed saga is ignored', () => {
    given(...booking, ev.succeeded('book'), ev.completed())
      .when(input.retry(T3))
      .thenIgnored('SAGA_TERMINAL');
  });

  it('abort stops a running saga: ABORTED, timer cancelled, nothing sent', () => {
    const outcome = given(...booking)
      .when(input.abort(T3, 'fraud suspected', 'carol'))
      .then(
        { type: 'OperatorAbortRequested', data: { by: 'carol', reason: 'fraud suspected' } },
        { type: 'SagaAborted', data: { by: 'carol', reason: 'fraud suspected' } },
      )
      .thenEffects({ kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(6) });
    expect(outcome.state.status).toBe('ABORTED');
    expect(outcome.state.failure).toEqual({ reason: 'fraud suspected', code: 'SAGA.ABORTED' });
  });

  it('an aborted saga only records late replies; it ignores operator retry, compensate and abort', () => {
    const aborted = [
      ...booking,
      { type: 'OperatorAbortRequested' as const, data: { by: 'carol', reason: 'r' } },
      { type: 'SagaAborted' as const, data: { by: 'carol', reason: 'r' } },
    ];
    // The booking happened after all: recorded, nothing undoes it (the operator took the saga over).
    given(...aborted)
      .when(input.ok('book', T3))
      .then(
        expect.objectContaining({
          type: 'LateReplyRecorded',
          data: expect.objectContaining({ step: 'book', outcome: 'success', action: 'none' }),
        }),
      );
    given(...aborted)
      .when(input.retry(T3))
      .thenIgnored('SAGA_TERMINAL');
    given(...aborted)
      .when(input.compensate(T3))
      .thenIgnored('SAGA_TERMINAL');
    given(...aborted)
      .when(input.abort(T3, 'again'))
      .thenIgnored('SAGA_TERMINAL');
  });
});
