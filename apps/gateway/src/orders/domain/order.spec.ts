import type { OrderView } from '@app/contracts';
import { orderAsSeenBy } from './order';

const order = {
  orderId: 'o-1',
  status: 'PENDING',
  sagaStatus: 'RUNNING',
  step: 'charge',
  buyerId: 'ann',
  sellerId: 'sam',
  amount: '1500',
  address: { name: 'Ann', line1: 'Keizersgracht 1', city: 'Amsterdam', postcode: '1015 AA', country: 'NL' },
  paymentId: 'p-1',
} as OrderView;

describe('orderAsSeenBy', () => {
  it('shows the whole order to its buyer and to admins', () => {
    expect(orderAsSeenBy({ userId: 'ann', roles: ['buyer'] }, order)).toBe(order);
    expect(orderAsSeenBy({ userId: 'root', roles: ['admin'] }, order)).toBe(order);
  });

  it("shows its seller the order's progress without the buyer's address or payment", () => {
    const seen = orderAsSeenBy({ userId: 'sam', roles: ['seller'] }, order);
    expect(seen).toMatchObject({ orderId: 'o-1', status: 'PENDING', step: 'charge', amount: '1500' });
    expect(seen).not.toHaveProperty('address');
    expect(seen).not.toHaveProperty('paymentId');
  });

  it('shows nothing to anyone else', () => {
    expect(orderAsSeenBy({ userId: 'bob', roles: ['buyer'] }, order)).toBeUndefined();
    expect(orderAsSeenBy({ userId: 'eve', roles: ['seller'] }, order)).toBeUndefined();
  });
});
