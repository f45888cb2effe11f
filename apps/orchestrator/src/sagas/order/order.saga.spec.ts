import { OrderSagaMessages as M } from '@app/contracts';
import { SagaRegistry } from '@app/saga';
import { SagaDriver } from '@app/testing';
import { specPolicies } from '../saga-policies.fixture';
import { orderOutcomeEvents } from './order-outcome.events';
import { SPEC_ADDRESS } from './order-participants.fixture';
import { buildOrderSagaV1, OrderData } from './order.saga';
import { orderStatusOf } from './order.view';

const policies = specPolicies();
const registry = new SagaRegistry().register(buildOrderSagaV1(policies));
const data: OrderData = {
  orderId: 'o-1',
  buyerId: 'buyer',
  sellerId: 'seller',
  sku: 'SKU',
  quantity: 1,
  amount: '500',
  address: SPEC_ADDRESS,
};

function started(): SagaDriver {
  const run = new SagaDriver(registry, { sagaId: 'o-1' });
  run.start('Order', data);
  return run;
}

describe('Order saga v1', () => {
  it('runs hold → charge → reserve → book → capture and folds the ids into the data', () => {
    const run = started();
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h' } });
    run.reply(M.payment.charged, { data: { paymentId: 'p' } });
    run.reply(M.warehouse.reserved, { data: { reservationId: 'r' } });
    run.reply(M.delivery.booked, { data: { bookingId: 'b' } });
    const before = run.state;
    run.reply(M.wallet.holdCaptured);
    expect(run.sentTypes()).toEqual([
      M.wallet.placeHold,
      M.payment.charge,
      M.warehouse.reserve,
      M.delivery.book,
      M.wallet.captureHold,
    ]);
    expect(run.state.status).toBe('COMPLETED');
    expect(run.state.data).toMatchObject({ holdId: 'h', paymentId: 'p', reservationId: 'r', bookingId: 'b' });
    expect(orderOutcomeEvents(before, run.state)).toEqual([
      {
        type: 'OrderCompleted',
        data: expect.objectContaining({ orderId: 'o-1', amount: '500', bookingId: 'b' }),
      },
    ]);
  });

  it('out of stock compensates charge then reserveFunds, with the forward command ids', () => {
    const run = started();
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h' } });
    const holdCommand = run.state.forwardCommandIds.reserveFunds;
    run.reply(M.payment.charged, { data: { paymentId: 'p' } });
    const chargeCommand = run.state.forwardCommandIds.charge;
    run.reply(M.warehouse.rejected, {
      outcome: 'failure',
      code: 'WAREHOUSE.OUT_OF_STOCK',
      reason: 'none left',
    });
    expect(run.state.outstanding?.command).toEqual({
      type: M.payment.refund,
      data: { orderId: 'o-1', forwardCommandId: chargeCommand },
    });
    run.reply(M.payment.refunded);
    expect(run.state.outstanding?.command).toEqual({
      type: M.wallet.releaseHold,
      data: { forwardCommandId: holdCommand, holdId: 'h' },
    });
    const before = run.state;
    run.reply(M.wallet.holdReleased);
    expect(run.state.status).toBe('COMPENSATED');
    expect(orderStatusOf(run.state.status)).toBe('CANCELLED');
    expect(orderOutcomeEvents(before, run.state)).toEqual([
      {
        type: 'OrderCancelled',
        data: {
          orderId: 'o-1',
          buyerId: 'buyer',
          sellerId: 'seller',
          amount: '500',
          reason: 'none left',
          code: 'WAREHOUSE.OUT_OF_STOCK',
        },
      },
    ]);
  });

  it('captureFunds has no failure reply and no compensation: a capture timeout is retried', () => {
    const run = started();
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h' } });
    run.reply(M.payment.charged);
    run.reply(M.warehouse.reserved);
    run.reply(M.delivery.booked);
    const timer = run.state.timer!;
    run.send({ type: 'TimerFired', data: { timerId: timer.timerId, now: timer.at } });
    expect(run.events.slice(-2).map((e) => e.type)).toEqual(['StepTimedOut', 'StepRetryScheduled']);
    expect(run.state.status).toBe('RUNNING');
  });

  const undoReply: Record<string, string> = {
    [M.wallet.releaseHold]: M.wallet.holdReleased,
    [M.payment.refund]: M.payment.refunded,
    [M.warehouse.release]: M.warehouse.released,
    [M.delivery.cancel]: M.delivery.cancelled,
  };
  const oks: [string, string][] = [
    ['reserveFunds', M.wallet.holdPlaced],
    ['charge', M.payment.charged],
    ['reserveStock', M.warehouse.reserved],
    ['bookDelivery', M.delivery.booked],
  ];

  it.each([
    ['reserveFunds', M.wallet.holdRejected, 'WALLET.INSUFFICIENT_FUNDS', []],
    ['charge', M.payment.declined, 'PAYMENT.DECLINED', [M.wallet.releaseHold]],
    [
      'reserveStock',
      M.warehouse.rejected,
      'WAREHOUSE.OUT_OF_STOCK',
      [M.payment.refund, M.wallet.releaseHold],
    ],
    [
      'bookDelivery',
      M.delivery.rejected,
      'DELIVERY.UNDELIVERABLE_ADDRESS',
      [M.warehouse.release, M.payment.refund, M.wallet.releaseHold],
    ],
  ])('a refusal at %s compensates the completed steps in reverse', (step, reply, code, undo) => {
    const run = started();
    for (const [name, ok] of oks) {
      if (name === step) break;
      run.reply(ok, { data: { holdId: 'h' } });
    }
    run.refuse(reply, code, `${step} refused`);
    for (const command of undo as string[]) {
      expect(run.outstanding?.type).toBe(command);
      run.reply(undoReply[command]!);
    }
    expect(run.state).toMatchObject({ status: 'COMPENSATED', failure: { code } });
  });

  it("past a step's business deadline the abandoned step is compensated first (the stock release)", () => {
    const run = started();
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h' } });
    run.reply(M.payment.charged);
    const reserve = run.outstandingId;
    run.fire(); // attempt 1 unanswered
    run.fire(); // attempt 2 sent, due at the 2 s deadline
    run.fire(); // deadline: abandon reserveStock
    expect(run.state).toMatchObject({ status: 'COMPENSATING', failure: { code: 'SAGA.STEP_TIMEOUT' } });
    expect(run.outstanding).toEqual({
      type: M.warehouse.release,
      data: { orderId: 'o-1', forwardCommandId: reserve },
    });
    run.reply(M.warehouse.released);
    run.reply(M.payment.refunded);
    run.reply(M.wallet.holdReleased);
    expect(run.history().filter((e) => e.startsWith('CompensationSucceeded'))).toEqual([
      'CompensationSucceeded:reserveStock',
      'CompensationSucceeded:charge',
      'CompensationSucceeded:reserveFunds',
    ]);
  });

  /** A run whose bookDelivery was refused: the three completed steps wait to be undone. */
  function refusedAtBooking() {
    const run = started();
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h' } });
    run.reply(M.payment.charged, { data: { paymentId: 'p' } });
    run.reply(M.warehouse.reserved, { data: { reservationId: 'r' } });
    const ids = { ...run.state.forwardCommandIds };
    run.refuse(M.delivery.rejected, 'DELIVERY.UNDELIVERABLE_ADDRESS', 'no such street');
    return { run, ids };
  }

  it('each compensation names the forward command it undoes', () => {
    const { run, ids } = refusedAtBooking();
    expect(run.outstanding).toEqual({
      type: M.warehouse.release,
      data: { orderId: 'o-1', forwardCommandId: ids.reserveStock },
    });
    run.reply(M.warehouse.released);
    expect(run.outstanding).toEqual({
      type: M.payment.refund,
      data: { orderId: 'o-1', forwardCommandId: ids.charge },
    });
    run.reply(M.payment.refunded);
    expect(run.outstanding).toEqual({
      type: M.wallet.releaseHold,
      data: { forwardCommandId: ids.reserveFunds, holdId: 'h' },
    });
  });

  it('an unanswered stock release is sent again under the same command id until it is answered', () => {
    const { run } = refusedAtBooking();
    const release = run.outstandingId;
    run.fire(); // attempt 1 unanswered: a retry is scheduled
    run.fire(); // attempt 2 sent
    run.fire(); // unanswered again: an incident is raised, the retries go on
    run.fire(); // attempt 3 sent
    expect(run.state).toMatchObject({ status: 'COMPENSATING', incident: { step: 'reserveStock' } });
    expect(run.sentTypes().filter((t) => t === M.warehouse.release)).toHaveLength(3);
    expect(run.outstanding?.type).toBe(M.warehouse.release);
    expect(run.outstandingId).toBe(release);
    run.reply(M.warehouse.released);
    expect(run.outstanding?.type).toBe(M.payment.refund);
  });

  it('a refused stock release ends in COMPENSATION_FAILED until an operator skips it; the refund follows', () => {
    const { run } = refusedAtBooking();
    run.refuse(M.warehouse.released, 'WAREHOUSE.RESERVATION_SHIPPED', 'already shipped');
    expect(run.state.status).toBe('COMPENSATION_FAILED');
    // nothing more is sent: the refused release waits for an operator, with no timer
    expect(run.state.outstanding).toMatchObject({ step: 'reserveStock', awaiting: 'operator' });
    expect(run.state.timer).toBeNull();
    run.send({ type: 'SkipCompensation', data: { by: 'ops', reason: 'released by hand', now: 10 } });
    expect(run.outstanding?.type).toBe(M.payment.refund);
    run.reply(M.payment.refunded);
    run.reply(M.wallet.holdReleased);
    expect(run.state.status).toBe('COMPENSATED');
    expect(run.history()).toContain('CompensationSkipped:reserveStock');
  });

  it('an operator compensate undoes the step in flight first, then the completed ones', () => {
    const run = started();
    run.reply(M.wallet.holdPlaced, { data: { holdId: 'h' } });
    run.send({ type: 'CompensateSaga', data: { by: 'ops', reason: 'buyer called', now: 10 } });
    expect(run.state.status).toBe('COMPENSATING');
    expect(run.outstanding?.type).toBe(M.payment.refund);
    run.reply(M.payment.refunded);
    expect(run.outstanding?.type).toBe(M.wallet.releaseHold);
    run.reply(M.wallet.holdReleased);
    expect(run.state.status).toBe('COMPENSATED');
  });
});
