import { OrderState, orderProgress } from './order-progress';

const order = (over: Partial<OrderState>): OrderState => ({
  status: 'PENDING',
  sagaStatus: 'RUNNING',
  step: null,
  reason: null,
  code: null,
  ...over,
});

describe('orderProgress', () => {
  it('reads a running order by its step, and a missing one as being set up', () => {
    expect(orderProgress(null)).toEqual({ label: 'Order being set up', tone: 'info' });
    expect(orderProgress(order({ step: 'bookDelivery' }))).toEqual({
      label: 'In progress',
      detail: 'Now booking the delivery.',
      tone: 'info',
    });
  });

  it('says why an order is being cancelled or was', () => {
    const failure = { reason: 'no stock', code: 'WAREHOUSE.OUT_OF_STOCK' };
    expect(orderProgress(order({ sagaStatus: 'COMPENSATING', ...failure }))).toEqual({
      label: 'Being cancelled',
      detail: 'no stock (WAREHOUSE.OUT_OF_STOCK)',
      tone: 'warn',
    });
    expect(
      orderProgress(order({ status: 'CANCELLED', sagaStatus: 'COMPENSATED', ...failure })),
    ).toMatchObject({
      label: 'Cancelled',
      tone: 'error',
    });
  });

  it('reads a completed order with its delivery, and the states only support can end', () => {
    expect(orderProgress(order({ status: 'COMPLETED', bookingId: 'b-1' }))).toEqual({
      label: 'Completed',
      detail: 'Paid; delivery booked.',
      tone: 'ok',
    });
    expect(orderProgress(order({ status: 'COMPENSATION_FAILED' })).tone).toBe('error');
    expect(orderProgress(order({ status: 'ABORTED' })).label).toBe('Stopped by support');
  });
});
