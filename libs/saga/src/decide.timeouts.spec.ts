import { CORR, SAGA, T0, cmd, comp, ev, given, input, timerAt } from './testing/given';
import { SagaEvent } from './events';
import { CheckoutSagaV1 } from './testing/checkout-saga.fixture';

const T1 = T0 + 1_000;
const T2 = T0 + 2_000;
const chargeDue = T0 + 10_000;

describe('saga decider: forward step timeouts', () => {
  it('a deadline retries the step after a jittered backoff, keeping the commandId', () => {
    // standard policy: 1s * (1 - 0.2 * 0.5) = 900ms
    const outcome = given(ev.started(), ev.issued('charge'))
      .when(input.timer(timerAt(2), chargeDue), { random: [0.5] })
      .then(ev.timedOut('charge', 1), ev.retryScheduled('charge', 2, chargeDue + 900))
      .thenEffects(
        { kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(2) },
        { kind: 'schedule', sagaId: SAGA, timerId: timerAt(4), at: chargeDue + 900 },
      );
    expect(outcome.state.outstanding).toMatchObject({
      commandId: cmd('charge'),
      attempt: 2,
      awaiting: 'retry',
    });
  });

  it('the retry timer re-sends the same command as attempt 2 with a fresh deadline', () => {
    const at = chargeDue + 900;
    given(ev.started(), ev.issued('charge'), ev.timedOut('charge', 1), ev.retryScheduled('charge', 2, at))
      .when(input.timer(timerAt(4), at))
      .then(ev.issued('charge', at, 2))
      .thenEffects(
        { kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(4) },
        { kind: 'schedule', sagaId: SAGA, timerId: timerAt(5), at: at + 10_000 },
        {
          kind: 'send',
          sagaId: SAGA,
          sagaType: 'Checkout',
          correlationId: CORR,
          phase: 'forward',
          step: 'charge',
          participant: 'payment',
          commandId: cmd('charge'),
          attempt: 2,
          command: { type: 'payment.charge', data: { orderId: 'o-1', holdId: 'h-1' } },
        },
      );
  });

  it('the second delay doubles (2s, jitter at its maximum takes 20% off)', () => {
    const at = chargeDue + 900;
    const history = [
      ev.started(),
      ev.issued('charge'),
      ev.timedOut('charge', 1),
      ev.retryScheduled('charge', 2, at),
      ev.issued('charge', at, 2),
    ];
    given(...history)
      .when(input.timer(timerAt(5), at + 10_000), { random: [1] })
      .then(ev.timedOut('charge', 2), ev.retryScheduled('charge', 3, at + 10_000 + 1_600));
  });

  it('a late reply while waiting for the retry is accepted (same commandId) and cancels the retry timer', () => {
    given(
      ev.started(),
      ev.issued('charge'),
      ev.timedOut('charge', 1),
      ev.retryScheduled('charge', 2, chargeDue + 900),
    )
      .when(input.ok('charge', chargeDue + 100), { ids: [cmd('reserve')] })
      .then(ev.succeeded('charge'), ev.issued('reserve', chargeDue + 100))
      .thenEffects(
        { kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(4) },
        { kind: 'schedule', sagaId: SAGA, timerId: timerAt(6), at: chargeDue + 100 + 5_000 },
        expect.objectContaining({ kind: 'send', step: 'reserve', commandId: cmd('reserve') }),
      );
  });

  it("past the step's business deadline the step is abandoned and compensated first (it may have happened)", () => {
    // book: 5 s per attempt, 12 s deadline. Attempt 2 ends at T2 + 11 s; a third would start at
    // T2 + 12.5 s, past the deadline: give up now.
    const history = [
      ev.started(),
      ev.issued('charge'),
      ev.succeeded('charge'),
      ev.issued('reserve', T1),
      ev.succeeded('reserve'),
      ev.issued('book', T2),
      ev.timedOut('book', 1),
      ev.retryScheduled('book', 2, T2 + 6_000),
      ev.issued('book', T2 + 6_000, 2, T2),
    ];
    const reason = "STEP_TIMEOUT:book (no answer from delivery before the step's deadline)";
    const outcome = given(...history)
      .when(input.timer(timerAt(9), T2 + 11_000), { ids: [comp('book')] })
      .then(
        ev.timedOut('book', 2),
        ev.compensationStarted(reason, 'SAGA.STEP_TIMEOUT', ['book', 'reserve', 'charge']),
        ev.compIssued('book', T2 + 11_000),
      );
    expect(outcome.state.status).toBe('COMPENSATING');
    // the booking is named by its command id: no bookingId ever came back
    expect(outcome.state.outstanding?.command).toEqual({
      type: 'delivery.cancel',
      data: { orderId: 'o-1', bookingCommandId: cmd('book') },
    });
  });

  it('an attempt never waits past the deadline: the second one is due at min(timeout, deadline)', () => {
    const history = [ev.started(), ev.issued('charge'), ev.succeeded('charge'), ev.issued('reserve', T1)];
    given(
      ...history,
      ev.succeeded('reserve'),
      ev.issued('book', T2),
      ev.timedOut('book', 1),
      ev.retryScheduled('book', 2, T2 + 8_000),
    )
      .when(input.timer(timerAt(8), T2 + 8_000))
      .then(ev.issued('book', T2 + 8_000, 2, T2));
    expect(ev.issued('book', T2 + 8_000, 2, T2).data).toMatchObject({
      dueAt: T2 + 12_000,
      deadlineAt: T2 + 12_000,
    });
  });

  it('a step without a deadline is sent again however long the participant stays away, raising one incident', () => {
    // charge: the standard policy (incident after 5 attempts), no deadline.
    let history = [ev.started(), ev.issued('charge')];
    let at = T0;
    for (let attempt = 1; attempt < 5; attempt += 1) {
      at += 10_000;
      history = [
        ...history,
        ev.timedOut('charge', attempt),
        ev.retryScheduled('charge', attempt + 1, at),
        ev.issued('charge', at, attempt + 1),
      ];
    }
    const due = at + 10_000;
    const reason = 'no reply from payment after 5 attempt(s)';
    const raised = given(...history)
      .when(input.timer(timerAt(history.length), due), { random: [0] })
      .then(
        ev.timedOut('charge', 5),
        ev.incidentRaised('charge', 5, reason, due),
        ev.retryScheduled('charge', 6, due + 16_000),
      )
      .thenEffects(
        { kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(history.length) },
        { kind: 'schedule', sagaId: SAGA, timerId: timerAt(history.length + 3), at: due + 16_000 },
        {
          kind: 'incident',
          change: 'raised',
          sagaId: SAGA,
          sagaType: 'Checkout',
          correlationId: CORR,
          step: 'charge',
          commandId: cmd('charge'),
          attempts: 5,
          reason,
        },
      );
    expect(raised.state).toMatchObject({
      status: 'RUNNING',
      incident: { step: 'charge', attempts: 5, raisedAt: due },
    });
    expect(raised.state.outstanding?.lastError).toBe('no reply before the attempt timed out');

    // Attempt 6 times out as well: no second incident for the same command.
    const later = [
      ...history,
      ev.timedOut('charge', 5),
      ev.incidentRaised('charge', 5, reason, due),
      ev.retryScheduled('charge', 6, due + 16_000),
      ev.issued('charge', due + 16_000, 6),
    ];
    given(...later)
      .when(input.timer(timerAt(later.length), due + 26_000), { random: [0] })
      .then(ev.timedOut('charge', 6), ev.retryScheduled('charge', 7, due + 26_000 + 30_000));

    // The answer comes at last: the step succeeds and the incident resolves itself.
    const answered = given(...later)
      .when(input.ok('charge', due + 20_000), { ids: [cmd('reserve')] })
      .then(
        ev.succeeded('charge'),
        ev.incidentResolved('charge', 'answered', due + 20_000),
        ev.issued('reserve', due + 20_000),
      );
    expect(answered.state.incident).toBeNull();
    expect(answered.decision.kind === 'decided' && answered.decision.effects).toContainEqual({
      kind: 'incident',
      change: 'resolved',
      sagaId: SAGA,
      sagaType: 'Checkout',
      correlationId: CORR,
      step: 'charge',
      commandId: cmd('charge'),
      reason: 'answered',
    });
  });

  it('the book step delays are capped by maxDelayMs (1s, then 1.5s instead of 2s)', () => {
    const base = [ev.started(), ev.issued('charge'), ev.succeeded('charge'), ev.issued('reserve', T1)];
    const booking = [...base, ev.succeeded('reserve'), ev.issued('book', T2)];
    given(...booking)
      .when(input.timer(timerAt(6), T2 + 5_000))
      .then(ev.timedOut('book', 1), ev.retryScheduled('book', 2, T2 + 6_000));
    // The same step without a deadline (as a definition before deadlines existed recorded it).
    const withoutDeadline = (e: SagaEvent): SagaEvent =>
      e.type === 'StepCommandIssued'
        ? { ...e, data: { ...e.data, deadlineAt: undefined, dueAt: e.data.dueAt } }
        : e;
    const unbounded = [
      ...base,
      ev.succeeded('reserve'),
      ev.issued('book', T2),
      ev.timedOut('book', 1),
      ev.retryScheduled('book', 2, T2 + 6_000),
      ev.issued('book', T2 + 6_000, 2, T2),
    ].map(withoutDeadline);
    given(...unbounded)
      .when(input.timer(timerAt(9), T2 + 11_000))
      .then(ev.timedOut('book', 2), ev.retryScheduled('book', 3, T2 + 12_500));
  });

  it('a deadline no longer than one attempt means a single attempt', () => {
    const impatient = {
      ...CheckoutSagaV1,
      steps: CheckoutSagaV1.steps.map((s) => (s.name === 'charge' ? { ...s, deadlineMs: 10_000 } : s)),
    };
    const started = given().when(input.start(), { definition: impatient, ids: [cmd('charge')] });
    const issued = started.decision.kind === 'decided' ? started.decision.events[1]! : ev.issued('charge');
    expect(issued.data).toMatchObject({ dueAt: chargeDue, deadlineAt: chargeDue });
    given(ev.started(), issued)
      .when(input.timer(timerAt(2), chargeDue), { definition: impatient, ids: [comp('charge')] })
      .then(
        ev.timedOut('charge', 1),
        ev.compensationStarted(
          "STEP_TIMEOUT:charge (no answer from payment before the step's deadline)",
          'SAGA.STEP_TIMEOUT',
          ['charge'],
        ),
        ev.compIssued('charge', chargeDue),
      );
  });

  it('ignores a timer that is no longer pending, or not yet due', () => {
    const history = [ev.started(), ev.issued('charge'), ev.succeeded('charge'), ev.issued('reserve', T1)];
    given(...history)
      .when(input.timer(timerAt(2), T2 + 60_000))
      .thenIgnored('STALE_TIMER');
    given(...history)
      .when(input.timer(timerAt(4), T1 + 4_999))
      .thenIgnored('TIMER_NOT_DUE');
    given(...history, ev.succeeded('reserve'), ev.issued('book', T2), ev.succeeded('book'), ev.completed())
      .when(input.timer(timerAt(6), T2 + 60_000))
      .thenIgnored('SAGA_TERMINAL');
  });
});
