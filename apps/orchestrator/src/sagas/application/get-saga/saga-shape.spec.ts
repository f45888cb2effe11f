import { buildOrderSagaV1, buildOrderSagaV2 } from '../../order/order.saga';
import { sagaShape } from './saga-shape';

describe('sagaShape', () => {
  it("lists an Order v1's steps in order, with who undoes each (none for the capture)", () => {
    expect(sagaShape(buildOrderSagaV1())).toEqual({
      version: 1,
      steps: [
        { name: 'reserveFunds', participant: 'wallet', compensation: 'wallet' },
        { name: 'charge', participant: 'payment', compensation: 'payment' },
        { name: 'reserveStock', participant: 'warehouse', compensation: 'warehouse' },
        { name: 'bookDelivery', participant: 'delivery', compensation: 'delivery' },
        { name: 'captureFunds', participant: 'wallet', compensation: null },
      ],
    });
  });

  it('shows Order v2 paying the seller last, the capture undone by the wallet (the escrow refunded)', () => {
    expect(sagaShape(buildOrderSagaV2()).steps.slice(-2)).toEqual([
      { name: 'captureFunds', participant: 'wallet', compensation: 'wallet' },
      { name: 'payoutSeller', participant: 'wallet', compensation: 'wallet' },
    ]);
  });
});
