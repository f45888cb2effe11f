import { randomUUID } from 'node:crypto';
import { openSearchClient, searchLogs } from '@app/observability';
import { closePools, stack, waitFor } from '../support/env';
import { ApiUser, GOOD_ADDRESS } from './client';
import { System } from './system';

/** "What happened to order X?": one correlation id finds its story in OpenSearch, across every service. */
describe('one order, one correlation id, every service’s logs', () => {
  const system = new System({ GAVEL_LOG_SHIPPING: 'on' });

  beforeAll(async () => {
    await stack('up', 'opensearch');
    await system.start(['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery']);
    await system.start(['gateway']);
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  it('finds the log lines of the gateway, the orchestrator and each participant by correlation id', async () => {
    const gw = system.url('gateway');
    const [seller, buyer] = await Promise.all([
      ApiUser.register(gw, 'seller'),
      ApiUser.register(gw, 'buyer'),
    ]);
    await buyer.topUp(10_000);
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    expect((await seller.call('POST', '/items', { sku, title: 'Lamp', onHand: 1 })).status).toBe(201);
    const correlationId = `order-${randomUUID()}`;
    const order = await buyer.call<{ status: string }>(
      'POST',
      '/orders',
      { sku, quantity: 1, amount: 1000, sellerId: seller.userId, address: GOOD_ADDRESS },
      { 'x-correlation-id': correlationId },
    );
    expect(order.status).toBe(201);
    expect(order.body.status).toBe('COMPLETED');
    const expected = ['delivery', 'gateway', 'orchestrator', 'payment', 'wallet', 'warehouse'];
    const services = await waitFor(
      'log lines from every service',
      async () => {
        const lines = await searchLogs(openSearchClient(), { correlationId, since: '15m', limit: 1000 });
        const seen = [...new Set(lines.map((l) => l.service))].sort();
        return expected.every((s) => seen.includes(s)) && seen;
      },
      60_000,
      1000,
    );
    expect(services).toEqual(expect.arrayContaining(expected));
  });
});
