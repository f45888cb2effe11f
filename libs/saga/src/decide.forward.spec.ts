import { ev, given, input, SAGA, CORR, T0, timerAt, cmd, comp } from './testing/given';

const T1 = T0 + 1_000;
const T2 = T0 + 2_000;
const T3 = T0 + 3_000;

const afterCharge = [ev.started(), ev.issued('charge'), ev.succeeded('charge'), ev.issued('reserve', T1)];
const afterReserve = [...afterCharge, ev.succeeded('reserve'), ev.issued('book', T2)];

describe('saga decider: forward path', () => {
  it('starts: records SagaStarted and issues the first step', () => {
    given()
      .when(input.start(), { ids: [cmd('charge')] })
      .then(ev.started(), ev.issued('charge'))
      .thenEffects(
        { kind: 'schedule', sagaId: SAGA, timerId: timerAt(2), at: T0 + 10_000 },
        {
          kind: 'send',
          sagaId: SAGA,
          sagaType: 'Checkout',
          correlationId: CORR,
          phase: 'forward',
          step: 'charge',
          participant: 'payment',
          commandId: cmd('charge'),
          attempt: 1,
          command: { type: 'payment.charge', data: { orderId: 'o-1', holdId: 'h-1' } },
        },
      );
  });

  it('ignores a second start', () => {
    given(ev.started(), ev.issued('charge')).when(input.start()).thenIgnored('ALREADY_STARTED');
  });

  it('ignores anything but a start before the saga exists', () => {
    given().when(input.ok('charge', T1)).thenIgnored('NOT_STARTED');
  });

  it('happy path: each success folds the reply and issues the next step', () => {
    given(ev.started(), ev.issued('charge'))
      .when(input.ok('charge', T1), { ids: [cmd('reserve')] })
      .then(ev.succeeded('charge'), ev.issued('reserve', T1));
    given(...afterCharge)
      .when(input.ok('reserve', T2), { ids: [cmd('book')] })
      .then(ev.succeeded('reserve'), ev.issued('book', T2));
  });

  it('happy path: the last success completes the saga and cancels its deadline', () => {
    const outcome = given(...afterReserve)
      .when(input.ok('book', T3))
      .then(ev.succeeded('book'), ev.completed())
      .thenEffects({ kind: 'cancelTimer', sagaId: SAGA, timerId: timerAt(6) });
    expect(outcome.state.status).toBe('COMPLETED');
    expect(outcome.state.completedSteps).toEqual(['charge', 'reserve', 'book']);
    expect(outcome.state.data).toEqual({
      orderId: 'o-1',
      holdId: 'h-1',
      itemId: 'i-1',
      address: 'Main St 1',
      paymentId: 'p-1',
      reservationId: 'r-1',
      bookingId: 'b-1',
    });
  });
});

describe('saga decider: business failure compensates completed steps in reverse', () => {
  it('failure at the first step: nothing to compensate, COMPENSATED with the reply reason', () => {
    const reason = 'insufficient funds';
    const code = 'WALLET.INSUFFICIENT_FUNDS';
    const outcome = given(ev.started(), ev.issued('charge'))
      .when(input.refused('charge', 'payment.declined', T1, reason, code))
      .then(
        ev.failed('charge', 'payment.declined', reason, code),
        ev.compensationStarted(reason, code, []),
        ev.compensated(reason, code),
      );
    expect(outcome.state.status).toBe('COMPENSATED');
    expect(outcome.state.failure).toEqual({ reason, code });
  });

  it('failure at the second step compensates only the first', () => {
    const reason = 'reserve failed: warehouse.outOfStock';
    const failedAt = afterCharge;
    given(...failedAt)
      .when(input.refused('reserve', 'warehouse.outOfStock', T2), { ids: [comp('charge')] })
      .then(
        ev.failed('reserve', 'warehouse.outOfStock', reason, 'SAGA.STEP_FAILED'),
        ev.compensationStarted(reason, 'SAGA.STEP_FAILED', ['charge']),
        ev.compIssued('charge', T2),
      );
    const compensating = [
      ...failedAt,
      ev.failed('reserve', 'warehouse.outOfStock', reason, 'SAGA.STEP_FAILED'),
      ev.compensationStarted(reason, 'SAGA.STEP_FAILED', ['charge']),
      ev.compIssued('charge', T2),
    ];
    const outcome = given(...compensating)
      .when(input.compReply('charge', 'success', T3))
      .then(ev.compSucceeded('charge'), ev.compensated(reason, 'SAGA.STEP_FAILED'));
    expect(outcome.state.compensatedSteps).toEqual(['charge']);
  });

  it('failure at the third step compensates reserve, then charge', () => {
    const reason = 'no slot';
    const code = 'DELIVERY.NO_SLOT';
    const failed = [
      ...afterReserve,
      ev.failed('book', 'delivery.noSlot', reason, code),
      ev.compensationStarted(reason, code, ['reserve', 'charge']),
    ];
    given(...afterReserve)
      .when(input.refused('book', 'delivery.noSlot', T3, reason, code), { ids: [comp('reserve')] })
      .then(...failed.slice(afterReserve.length), ev.compIssued('reserve', T3));
    given(...failed, ev.compIssued('reserve', T3))
      .when(input.compReply('reserve', 'success', T3 + 1), { ids: [comp('charge')] })
      .then(ev.compSucceeded('reserve'), ev.compIssued('charge', T3 + 1));
    const outcome = given(
      ...failed,
      ev.compIssued('reserve', T3),
      ev.compSucceeded('reserve'),
      ev.compIssued('charge', T3 + 1),
    )
      .when(input.compReply('charge', 'success', T3 + 2))
      .then(ev.compSucceeded('charge'), ev.compensated(reason, code));
    expect(outcome.state.status).toBe('COMPENSATED');
    expect(outcome.state.compensatedSteps).toEqual(['reserve', 'charge']);
  });
});

describe('saga decider: duplicate, stale and unexpected replies are ignored', () => {
  it('a redelivered reply to a completed step is a duplicate', () => {
    given(...afterCharge)
      .when(input.ok('charge', T2))
      .thenIgnored('DUPLICATE_REPLY');
  });

  it('a redelivered refusal is a duplicate too', () => {
    const refused = [
      ...afterCharge,
      ev.failed('reserve', 'warehouse.outOfStock', 'gone', 'WAREHOUSE.OUT_OF_STOCK'),
      ev.compensationStarted('gone', 'WAREHOUSE.OUT_OF_STOCK', ['charge']),
      ev.compIssued('charge', T2),
    ];
    given(...refused)
      .when(input.refused('reserve', 'warehouse.outOfStock', T3))
      .thenIgnored('DUPLICATE_REPLY');
  });

  it('a redelivered compensation reply is a duplicate', () => {
    const undone = [
      ...afterReserve,
      ev.failed('book', 'delivery.noSlot', 'no slot', 'DELIVERY.NO_SLOT'),
      ev.compensationStarted('no slot', 'DELIVERY.NO_SLOT', ['reserve', 'charge']),
      ev.compIssued('reserve', T3),
      ev.compSucceeded('reserve'),
      ev.compIssued('charge', T3),
    ];
    given(...undone)
      .when(input.compReply('reserve', 'success', T3 + 1))
      .thenIgnored('DUPLICATE_REPLY');
  });

  it('a reply to a command never issued is stale', () => {
    given(...afterCharge)
      .when(input.ok('reserve', T2, 'cmd-other'))
      .thenIgnored('STALE_REPLY');
  });

  it('a reply quoting the right command for another step is ignored', () => {
    given(...afterCharge)
      .when(input.ok('book', T2, cmd('reserve')))
      .thenIgnored('STEP_MISMATCH');
  });

  it('a reply type the step does not declare is ignored', () => {
    given(...afterCharge)
      .when({
        type: 'ReplyReceived',
        data: {
          commandId: cmd('reserve'),
          step: 'reserve',
          outcome: 'success',
          replyType: 'x.y',
          data: {},
          now: T2,
        },
      })
      .thenIgnored('UNEXPECTED_REPLY_TYPE');
  });

  it('a reply whose outcome contradicts its declared type is ignored', () => {
    given(...afterCharge)
      .when({
        type: 'ReplyReceived',
        data: {
          commandId: cmd('reserve'),
          step: 'reserve',
          outcome: 'failure',
          replyType: 'warehouse.reserved',
          data: {},
          now: T2,
        },
      })
      .thenIgnored('OUTCOME_MISMATCH');
  });

  it('a terminal saga ignores a second copy of a reply and a reply to a command it never sent', () => {
    const done = [...afterReserve, ev.succeeded('book'), ev.completed()];
    given(...done)
      .when(input.ok('book', T3))
      .thenIgnored('DUPLICATE_REPLY');
    given(...done)
      .when(input.ok('reserve', T3, 'cmd-other'))
      .thenIgnored('STALE_REPLY');
  });

  it('a late success for a step abandoned by compensation is recorded; the planned compensation covers it', () => {
    const compensating = [
      ...afterReserve,
      { type: 'OperatorCompensateRequested' as const, data: { by: 'ops', reason: 'stop' } },
      ev.compensationStarted('stop', 'SAGA.OPERATOR_COMPENSATE', ['book', 'reserve', 'charge']),
      ev.compIssued('book', T3),
    ];
    const late = given(...compensating)
      .when(input.ok('book', T3 + 1))
      .then({
        type: 'LateReplyRecorded',
        data: {
          step: 'book',
          phase: 'forward',
          commandId: cmd('book'),
          reply: { type: 'delivery.booked', data: { bookingId: 'b-1' } },
          outcome: 'success',
          action: 'covered',
        },
      })
      .thenEffects();
    expect(late.state.outstanding?.commandId).toBe(comp('book'));
    given(...compensating, ...(late.decision.kind === 'decided' ? late.decision.events : []))
      .when(input.ok('book', T3 + 2))
      .thenIgnored('DUPLICATE_REPLY');
  });

  it('a late reply after the saga ended is recorded too, so the history agrees with the participant', () => {
    const compensated = [
      ...afterReserve,
      { type: 'OperatorCompensateRequested' as const, data: { by: 'ops', reason: 'stop' } },
      ev.compensationStarted('stop', 'SAGA.OPERATOR_COMPENSATE', ['book', 'reserve', 'charge']),
      ev.compIssued('book', T3),
      ev.compSucceeded('book'),
      ev.compIssued('reserve', T3),
      ev.compSucceeded('reserve'),
      ev.compIssued('charge', T3),
      ev.compSucceeded('charge'),
      ev.compensated('stop', 'SAGA.OPERATOR_COMPENSATE'),
    ];
    const late = given(...compensated).when(
      input.refused(
        'book',
        'delivery.noSlot',
        T3 + 5,
        'compensated before it arrived',
        'SAGA.ALREADY_COMPENSATED',
      ),
    );
    expect(late.decision).toMatchObject({
      kind: 'decided',
      events: [
        {
          type: 'LateReplyRecorded',
          data: { step: 'book', outcome: 'failure', action: 'none', reason: 'compensated before it arrived' },
        },
      ],
    });
    expect(late.state.status).toBe('COMPENSATED');
  });
});
