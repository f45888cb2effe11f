import { SagaEvent } from './events';
import { CORR, SAGA, T0, comp, ev, given, input, timerAt } from './testing/given';

const T1 = T0 + 1_000;
const T2 = T0 + 2_000;
const T3 = T0 + 3_000;
const reason = 'no slot';
const code = 'DELIVERY.NO_SLOT';
const noReply = (attempts: number) => `no reply from warehouse after ${attempts} attempt(s)`;

/** Book failed; the reserve compensation (event 10) is outstanding. */
const compensatingReserve: SagaEvent[] = [
  ev.started(),
  ev.issued('charge'),
  ev.succeeded('charge'),
  ev.issued('reserve', T1),
  ev.succeeded('reserve'),
  ev.issued('book', T2),
  ev.failed('book', 'delivery.noSlot', reason, code),
  ev.compensationStarted(reason, code, ['reserve', 'charge']),
  ev.compIssued('reserve', T3),
];

/** Attempts 1..4 of the reserve compensation went unanswered; attempt 5 (the incident threshold) is out. */
function unanswered(attempts: number): SagaEvent[] {
  const events = [...compensatingReserve];
  for (let attempt = 1; attempt < attempts; attempt += 1) {
    const at = T3 + attempt * 60_000;
    events.push(
      ev.compAttemptFailed('reserve', attempt, noReply(attempt)),
      ev.compRetryScheduled('reserve', attempt + 1, at),
      ev.compIssued('reserve', at, attempt + 1),
    );
  }
  return events;
}
const fifthAttempt = unanswered(5);
const fifthDue = T3 + 4 * 60_000 + 5_000;
const withIncident = [
  ...fifthAttempt,
  ev.compAttemptFailed('reserve', 5, noReply(5)),
  ev.incidentRaised('reserve', 5, noReply(5), fifthDue, 'compensation'),
  ev.compRetryScheduled('reserve', 6, fifthDue + 16_000),
  ev.compIssued('reserve', fifthDue + 16_000, 6),
];

const refusal = 'WAREHOUSE.RESERVATION_SHIPPED: the reservation was shipped';
const refused = (attempts: number): SagaEvent => ev.compFailed('reserve', attempts, refusal);

describe('saga decider: compensations are never abandoned', () => {
  it('a compensation deadline counts as an unanswered attempt and is sent again after a backoff', () => {
    given(...compensatingReserve)
      .when(input.timer(timerAt(9), T3 + 5_000), { random: [0] })
      .then(ev.compAttemptFailed('reserve', 1, noReply(1)), ev.compRetryScheduled('reserve', 2, T3 + 6_000));
  });

  it('the retry timer re-sends the compensation with the same commandId', () => {
    given(
      ...compensatingReserve,
      ev.compAttemptFailed('reserve', 1, noReply(1)),
      ev.compRetryScheduled('reserve', 2, T3 + 1_100),
    )
      .when(input.timer(timerAt(11), T3 + 1_100))
      .then(ev.compIssued('reserve', T3 + 1_100, 2));
  });

  it('at the threshold an incident is raised, the saga stays COMPENSATING and keeps trying', () => {
    const outcome = given(...fifthAttempt)
      .when(input.timer(timerAt(fifthAttempt.length), fifthDue), { random: [0] })
      .then(
        ev.compAttemptFailed('reserve', 5, noReply(5)),
        ev.incidentRaised('reserve', 5, noReply(5), fifthDue, 'compensation'),
        ev.compRetryScheduled('reserve', 6, fifthDue + 16_000),
      );
    expect(outcome.state.status).toBe('COMPENSATING');
    expect(outcome.state.incident).toEqual({
      step: 'reserve',
      phase: 'compensation',
      commandId: comp('reserve'),
      attempts: 5,
      reason: noReply(5),
      raisedAt: fifthDue,
    });
    expect(outcome.decision.kind === 'decided' && outcome.decision.effects).toContainEqual(
      expect.objectContaining({ kind: 'incident', change: 'raised', step: 'reserve', attempts: 5 }),
    );
  });

  it('the incident resolves itself when the compensation succeeds, and the plan goes on', () => {
    const T4 = fifthDue + 16_100;
    const done = given(...withIncident)
      .when(input.compReply('reserve', 'success', T4), { ids: [comp('charge')] })
      .then(
        ev.compSucceeded('reserve'),
        ev.incidentResolved('reserve', 'answered', T4, 'compensation'),
        ev.compIssued('charge', T4),
      );
    expect(done.state).toMatchObject({
      status: 'COMPENSATING',
      incident: null,
      compensatedSteps: ['reserve'],
    });
  });

  it('a refusal stops the saga in COMPENSATION_FAILED with an alert (and closes the incident)', () => {
    const at = fifthDue + 16_100;
    const outcome = given(...withIncident)
      .when(
        input.compReply(
          'reserve',
          'failure',
          at,
          'the reservation was shipped',
          'WAREHOUSE.RESERVATION_SHIPPED',
        ),
      )
      .then(refused(6), ev.incidentResolved('reserve', 'refused', at, 'compensation'))
      .thenEffects(
        { kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(withIncident.length) },
        {
          kind: 'alert',
          sagaId: SAGA,
          sagaType: 'Checkout',
          correlationId: CORR,
          step: 'reserve',
          reason: refusal,
        },
        expect.objectContaining({ kind: 'incident', change: 'resolved', reason: 'refused' }),
      );
    expect(outcome.state.status).toBe('COMPENSATION_FAILED');
    expect(outcome.state.compensationError).toEqual({ step: 'reserve', reason: refusal });
  });

  it('COMPENSATION_FAILED ignores timers, a second copy of the refusal and compensate', () => {
    const failed = [...compensatingReserve, refused(1)];
    given(...failed)
      .when(input.timer(timerAt(9), T3 + 70_000))
      .thenIgnored('SAGA_TERMINAL');
    given(...failed)
      .when(input.compReply('reserve', 'failure', T3 + 70_000, 'shipped', 'WAREHOUSE.RESERVATION_SHIPPED'))
      .thenIgnored('DUPLICATE_REPLY');
    given(...failed)
      .when(input.compensate(T3 + 70_000))
      .thenIgnored('SAGA_TERMINAL');
  });

  it('operator retry resumes from the refused compensation, then finishes', () => {
    const failed = [...compensatingReserve, refused(1)];
    const T4 = T3 + 3_600_000;
    const retried = given(...failed)
      .when(input.retry(T4, 'alice'))
      .then(
        { type: 'OperatorRetryRequested', data: { by: 'alice', step: 'reserve' } },
        ev.compIssued('reserve', T4, 1),
      );
    expect(retried.state.status).toBe('COMPENSATING');
    expect(retried.state.compensationError).toBeNull();

    const resumed = [...failed, ...(retried.decision.kind === 'decided' ? retried.decision.events : [])];
    given(...resumed)
      .when(input.compReply('reserve', 'success', T4 + 10), { ids: [comp('charge')] })
      .then(ev.compSucceeded('reserve'), ev.compIssued('charge', T4 + 10));
    const done = given(...resumed, ev.compSucceeded('reserve'), ev.compIssued('charge', T4 + 10))
      .when(input.compReply('charge', 'success', T4 + 20))
      .then(ev.compSucceeded('charge'), ev.compensated(reason, code));
    expect(done.state.status).toBe('COMPENSATED');
  });

  it('operator skip leaves the refused compensation to a human and goes on with the plan', () => {
    const failed = [...compensatingReserve, refused(1)];
    const T4 = T3 + 3_600_000;
    const skipped = given(...failed)
      .when(input.skip(T4, 'released by hand', 'alice'), { ids: [comp('charge')] })
      .then(
        { type: 'OperatorSkipRequested', data: { by: 'alice', step: 'reserve', reason: 'released by hand' } },
        {
          type: 'CompensationSkipped',
          data: { step: 'reserve', commandId: comp('reserve'), by: 'alice', reason: 'released by hand' },
        },
        ev.compIssued('charge', T4),
      );
    expect(skipped.state).toMatchObject({
      status: 'COMPENSATING',
      compensationPlan: ['charge'],
      compensationError: null,
    });
  });

  it('operator skip of an unanswered compensation closes its incident; abort ends a refused one', () => {
    const T4 = fifthDue + 20_000;
    given(...withIncident)
      .when(input.skip(T4, undefined, 'bob'), { ids: [comp('charge')] })
      .then(
        { type: 'OperatorSkipRequested', data: { by: 'bob', step: 'reserve', reason: 'skipped by bob' } },
        ev.incidentResolved('reserve', 'operator', T4, 'compensation'),
        {
          type: 'CompensationSkipped',
          data: { step: 'reserve', commandId: comp('reserve'), by: 'bob', reason: 'skipped by bob' },
        },
        ev.compIssued('charge', T4),
      );
    const aborted = given(...compensatingReserve, refused(1)).when(input.abort(T4, 'handled outside Gavel'));
    expect(aborted.state.status).toBe('ABORTED');
    given(...compensatingReserve)
      .when(input.skip(T4))
      .then(
        {
          type: 'OperatorSkipRequested',
          data: { by: 'ops@gavel', step: 'reserve', reason: 'skipped by ops@gavel' },
        },
        {
          type: 'CompensationSkipped',
          data: {
            step: 'reserve',
            commandId: comp('reserve'),
            by: 'ops@gavel',
            reason: 'skipped by ops@gavel',
          },
        },
        expect.objectContaining({ type: 'CompensationCommandIssued' }),
      );
    given(ev.started(), ev.issued('charge')).when(input.skip(T4)).thenIgnored('NOTHING_TO_SKIP');
  });
});
