import { SagaEvent } from './events';
import { CORR, SAGA, T0, comp, ev, given, input, timerAt } from './testing/given';

const T1 = T0 + 1_000;
const T2 = T0 + 2_000;
const T3 = T0 + 3_000;
const reason = 'no slot';
const code = 'DELIVERY.NO_SLOT';

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

/** Attempt 8 of 8 (RetryPolicies.compensation) is outstanding. */
const lastAttempt: SagaEvent[] = [
  ...compensatingReserve,
  ev.compAttemptFailed('reserve', 7, 'db down'),
  ev.compRetryScheduled('reserve', 8, T3 + 60_000),
  ev.compIssued('reserve', T3 + 60_000, 8),
];

const gaveUp = (attempts: number, why: string): SagaEvent => ({
  type: 'CompensationFailed',
  data: {
    step: 'reserve',
    commandId: comp('reserve'),
    attempts,
    reason: `${why} (gave up after ${attempts} attempts)`,
  },
});

describe('saga decider: compensation failures', () => {
  it('a failed compensation reply is retried after backoff with the same commandId', () => {
    // compensation policy: 1s * (1 - 0.2 * 0) = 1000ms
    given(...compensatingReserve)
      .when(input.compReply('reserve', 'failure', T3 + 100, 'db down'), { random: [0] })
      .then(ev.compAttemptFailed('reserve', 1, 'db down'), ev.compRetryScheduled('reserve', 2, T3 + 1_100));
  });

  it('a compensation deadline counts as a failed attempt', () => {
    given(...compensatingReserve)
      .when(input.timer(timerAt(9), T3 + 5_000), { random: [0] })
      .then(
        ev.compAttemptFailed('reserve', 1, 'SAGA.COMPENSATION_TIMEOUT'),
        ev.compRetryScheduled('reserve', 2, T3 + 6_000),
      );
  });

  it('the retry timer re-sends the compensation', () => {
    given(
      ...compensatingReserve,
      ev.compAttemptFailed('reserve', 1, 'db down'),
      ev.compRetryScheduled('reserve', 2, T3 + 1_100),
    )
      .when(input.timer(timerAt(11), T3 + 1_100))
      .then(ev.compIssued('reserve', T3 + 1_100, 2));
  });

  it('after maxAttempts the saga stops in COMPENSATION_FAILED and raises an alert', () => {
    const outcome = given(...lastAttempt)
      .when(input.compReply('reserve', 'failure', T3 + 61_000, 'db down'))
      .then(ev.compAttemptFailed('reserve', 8, 'db down'), gaveUp(8, 'db down'))
      .thenEffects(
        { kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(12) },
        {
          kind: 'alert',
          sagaId: SAGA,
          sagaType: 'Order',
          correlationId: CORR,
          step: 'reserve',
          reason: 'db down (gave up after 8 attempts)',
        },
      );
    expect(outcome.state.status).toBe('COMPENSATION_FAILED');
    expect(outcome.state.compensationError).toEqual({
      step: 'reserve',
      reason: 'db down (gave up after 8 attempts)',
    });
  });

  it('COMPENSATION_FAILED ignores replies, timers, compensate and abort', () => {
    const failed = [...lastAttempt, ev.compAttemptFailed('reserve', 8, 'db down'), gaveUp(8, 'db down')];
    given(...failed)
      .when(input.compReply('reserve', 'success', T3 + 70_000))
      .thenIgnored('SAGA_TERMINAL');
    given(...failed)
      .when(input.timer(timerAt(12), T3 + 70_000))
      .thenIgnored('SAGA_TERMINAL');
    given(...failed)
      .when(input.compensate(T3 + 70_000))
      .thenIgnored('SAGA_TERMINAL');
    given(...failed)
      .when(input.abort(T3 + 70_000, 'give up'))
      .thenIgnored('SAGA_TERMINAL');
  });

  it('operator retry resumes from the failed compensation with a fresh budget, then finishes', () => {
    const failed = [...lastAttempt, ev.compAttemptFailed('reserve', 8, 'db down'), gaveUp(8, 'db down')];
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
});
