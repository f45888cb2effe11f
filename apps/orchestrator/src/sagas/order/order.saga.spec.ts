import { OrderSagaMessages as M } from '@app/contracts';
import {
  Decision,
  decideWithRegistry,
  ReplyReceived,
  SagaEvent,
  SagaInput,
  SagaRegistry,
  SagaState,
  rehydrate,
} from '@app/saga';
import { SagaPolicies } from '../saga-policies';
import { orderOutcomeEvents } from './order-outcome.events';
import { buildOrderSagaV1, OrderData } from './order.saga';
import { orderStatusOf } from './order.view';

const retry = { incidentAfterAttempts: 2, initialDelayMs: 100, maxDelayMs: 100, multiplier: 1, jitter: 0 };
const policies: SagaPolicies = {
  stepTimeoutMs: 1_000,
  forwardRetry: retry,
  compensationTimeoutMs: 1_000,
  compensationRetry: retry,
  orderStepDeadlineMs: 2_000,
  bidFundsDeadlineMs: 1_000,
};
const registry = new SagaRegistry().register(buildOrderSagaV1(policies));
const data: OrderData = {
  orderId: 'o-1',
  buyerId: 'buyer',
  sellerId: 'seller',
  sku: 'SKU',
  quantity: 1,
  amount: '500',
  address: { name: 'n', line1: 'l', city: 'c', postcode: 'p', country: 'DE' },
};

class Run {
  events: SagaEvent[] = [];
  private ids = 0;
  get state(): SagaState {
    return rehydrate(this.events);
  }
  send(input: SagaInput): Decision {
    const d = decideWithRegistry(registry, this.state, input, {
      newId: () => `c-${++this.ids}`,
      random: () => 0,
    });
    if (d.kind === 'decided') this.events.push(...d.events);
    return d;
  }
  reply(replyType: string, extra: Partial<ReplyReceived['data']> = {}): Decision {
    const o = this.state.outstanding!;
    return this.send({
      type: 'ReplyReceived',
      data: {
        commandId: o.commandId,
        step: o.step,
        outcome: 'success',
        replyType,
        data: {},
        now: 2,
        ...extra,
      },
    });
  }
  sent(): string[] {
    return this.events.flatMap((e) =>
      e.type === 'StepCommandIssued' || e.type === 'CompensationCommandIssued' ? [e.data.command.type] : [],
    );
  }
}

function started(): Run {
  const run = new Run();
  run.send({
    type: 'StartSaga',
    data: { sagaId: 'o-1', sagaType: 'Order', data, correlationId: 'corr', now: 1 },
  });
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
    expect(run.sent()).toEqual([
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
});
