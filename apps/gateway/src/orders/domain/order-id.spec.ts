import { orderIdFor } from './order-id';

describe('order id derivation', () => {
  it('maps the same buyer and Idempotency-Key to the same order id, a version-5 UUID', () => {
    const first = orderIdFor('buyer-1', 'key-123');
    expect(orderIdFor('buyer-1', 'key-123')).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives different ids for another key or another buyer', () => {
    const id = orderIdFor('buyer-1', 'key-123');
    expect(orderIdFor('buyer-1', 'key-124')).not.toBe(id);
    expect(orderIdFor('buyer-2', 'key-123')).not.toBe(id);
    // Buyer and key are separated, not concatenated.
    expect(orderIdFor('a', 'b:c')).not.toBe(orderIdFor('a:b', 'c'));
  });

  it('uses a fresh random id without a key', () => {
    const a = orderIdFor('buyer-1', undefined);
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(orderIdFor('buyer-1', undefined)).not.toBe(a);
  });
});
