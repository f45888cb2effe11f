import { OrderState, orderProgress, saleTerms, sellerPayout } from './order-progress';

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

  it("states the platform's fee: the rate while the order runs, the fee and the payout once the seller is paid", () => {
    const money = (minor: string) => `$${minor}`;
    expect(saleTerms(order({}), money)).toBeUndefined();
    expect(saleTerms(order({ feeBps: 250 }), money)).toBe(
      'Platform fee 2.5% of the price; the seller is paid the rest when the order completes.',
    );
    expect(saleTerms(order({ status: 'COMPLETED', feeBps: 500, fee: '99', payout: '1900' }), money)).toBe(
      'Platform fee 5%: $99; the seller received $1900.',
    );
  });
});

describe('sellerPayout', () => {
  it("states the payout made, else what the seller will receive at the order's rate, rounded as the wallet does", () => {
    expect(
      sellerPayout(order({ status: 'COMPLETED', feeBps: 500, fee: '99', payout: '1900', amount: '1999' })),
    ).toEqual({ fee: '99', payout: '1900', feeBps: 500, paid: true });
    expect(sellerPayout(order({ feeBps: 500, amount: '1999' }))).toEqual({
      fee: '99',
      payout: '1900',
      feeBps: 500,
      paid: false,
    });
    expect(sellerPayout(order({ feeBps: 500, amount: '1' }))).toMatchObject({ fee: '0', payout: '1' });
  });

  it('says nothing for orders before payouts, or that will not pay out', () => {
    expect(sellerPayout(order({ amount: '1000' }))).toBeUndefined();
    expect(sellerPayout(order({ status: 'CANCELLED', feeBps: 500, amount: '1000' }))).toBeUndefined();
  });
});
