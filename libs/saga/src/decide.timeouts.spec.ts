import { CORR, SAGA, T0, cmd, comp, ev, given, input, timerAt } from './testing/given';
import { OrderSagaV1 } from './testing/order-saga.fixture';

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
          sagaType: 'Order',
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

  it('exhausted retries abandon the step and compensate it too (it may have happened), then the rest', () => {
    const T3 = T2 + 20_000;
    const history = [
      ev.started(),
      ev.issued('charge'),
      ev.succeeded('charge'),
      ev.issued('reserve', T1),
      ev.succeeded('reserve'),
      ev.issued('book', T2),
      ev.timedOut('book', 1),
      ev.retryScheduled('book', 2, T2 + 6_000),
      ev.issued('book', T2 + 6_000, 2),
      ev.timedOut('book', 2),
      ev.retryScheduled('book', 3, T2 + 12_500),
      ev.issued('book', T2 + 12_500, 3),
    ];
    const reason = 'STEP_TIMEOUT:book';
    const outcome = given(...history)
      .when(input.timer(timerAt(12), T3), { ids: [comp('book')] })
      .then(
        ev.timedOut('book', 3),
        ev.compensationStarted(reason, 'SAGA.STEP_TIMEOUT', ['book', 'reserve', 'charge']),
        ev.compIssued('book', T3),
      );
    expect(outcome.state.status).toBe('COMPENSATING');
    // the booking is named by its command id: no bookingId ever came back
    expect(outcome.state.outstanding?.command).toEqual({
      type: 'delivery.cancel',
      data: { orderId: 'o-1', bookingCommandId: cmd('book') },
    });
  });

  it('the book step delays are capped by maxDelayMs (1s, then 1.5s instead of 2s)', () => {
    const base = [ev.started(), ev.issued('charge'), ev.succeeded('charge'), ev.issued('reserve', T1)];
    const booking = [...base, ev.succeeded('reserve'), ev.issued('book', T2)];
    given(...booking)
      .when(input.timer(timerAt(6), T2 + 5_000))
      .then(ev.timedOut('book', 1), ev.retryScheduled('book', 2, T2 + 6_000));
    given(
      ...booking,
      ev.timedOut('book', 1),
      ev.retryScheduled('book', 2, T2 + 6_000),
      ev.issued('book', T2 + 6_000, 2),
    )
      .when(input.timer(timerAt(9), T2 + 11_000))
      .then(ev.timedOut('book', 2), ev.retryScheduled('book', 3, T2 + 12_500));
  });

  it("onTimeout: 'compensate' skips retries", () => {
    const impatient = {
      ...OrderSagaV1,
      steps: OrderSagaV1.steps.map((s) =>
        s.name === 'charge' ? { ...s, onTimeout: 'compensate' as const } : s,
      ),
    };
    given(ev.started(), ev.issued('charge'))
      .when(input.timer(timerAt(2), chargeDue), { definition: impatient, ids: [comp('charge')] })
      .then(
        ev.timedOut('charge', 1),
        ev.compensationStarted('STEP_TIMEOUT:charge', 'SAGA.STEP_TIMEOUT', ['charge']),
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
