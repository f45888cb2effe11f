import { buildOrderSagaV1 } from '../../order/order.saga';
import { sagaShape } from './saga-shape';

describe('sagaShape', () => {
  it("lists an Order's steps in order, with who undoes each (none for the capture)", () => {
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
});
