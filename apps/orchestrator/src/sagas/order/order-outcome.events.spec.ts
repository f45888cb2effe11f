import { initialSagaState, SagaState, SagaStatus } from '@app/saga';
import { orderOutcomeEvents } from './order-outcome.events';
import { OrderData } from './order.saga';

const order: OrderData = {
  orderId: 'o-1',
  buyerId: 'buyer',
  sellerId: 'seller',
  sku: 'SKU',
  quantity: 1,
  amount: '500',
  address: { name: 'n', line1: 'l', city: 'c', postcode: 'p', country: 'DE' },
};
const auctionOrder = { ...order, orderId: 'auction-order-l-1', lotId: 'l-1', holdId: 'h-1' };
const failure = { reason: 'none left', code: 'WAREHOUSE.OUT_OF_STOCK' };

const state = (status: SagaStatus, data: object, extra: Partial<SagaState> = {}): SagaState => ({
  ...initialSagaState(),
  status,
  data,
  ...extra,
});

describe('orderOutcomeEvents', () => {
  it("an auction order's OrderCancelled names its lot, with the reason and code", () => {
    const events = orderOutcomeEvents(
      state('COMPENSATING', auctionOrder),
      state('COMPENSATED', auctionOrder, { failure }),
    );
    expect(events).toEqual([
      {
        type: 'OrderCancelled',
        data: {
          orderId: 'auction-order-l-1',
          lotId: 'l-1',
          buyerId: 'buyer',
          sellerId: 'seller',
          amount: '500',
          ...failure,
        },
      },
    ]);
  });

  it("an auction order's OrderCompleted names its lot", () => {
    const [completed] = orderOutcomeEvents(state('RUNNING', auctionOrder), state('COMPLETED', auctionOrder));
    expect(completed).toEqual({
      type: 'OrderCompleted',
      data: expect.objectContaining({ orderId: 'auction-order-l-1', lotId: 'l-1' }),
    });
  });

  it('a plain order carries no lotId', () => {
    const [cancelled] = orderOutcomeEvents(
      state('COMPENSATING', order),
      state('COMPENSATED', order, { failure }),
    );
    const [completed] = orderOutcomeEvents(state('RUNNING', order), state('COMPLETED', order));
    expect(cancelled.data).not.toHaveProperty('lotId');
    expect(completed.data).not.toHaveProperty('lotId');
  });

  it('publishes nothing while the status stays, or for an ending that is not an outcome', () => {
    expect(
      orderOutcomeEvents(state('COMPENSATED', auctionOrder), state('COMPENSATED', auctionOrder)),
    ).toEqual([]);
    expect(orderOutcomeEvents(state('RUNNING', auctionOrder), state('COMPENSATING', auctionOrder))).toEqual(
      [],
    );
  });
});
