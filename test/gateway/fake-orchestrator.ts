import type { FakeAnswer, RecordedRequest } from './gateway-harness';

/** Orders the fake orchestrator knows: a few polls after creation an order settles as its sku says. */
const orders = new Map<string, { body: Record<string, unknown>; polls: number }>();

export function orchestratorRoute(req: RecordedRequest): FakeAnswer {
  if (req.method === 'POST' && req.path === '/orders') {
    const body = req.body as Record<string, unknown>;
    if (orders.has(String(body.orderId)))
      return { status: 409, body: { code: 'ORDER.ALREADY_EXISTS', message: 'exists' } };
    orders.set(String(body.orderId), { body, polls: 0 });
    return { status: 202, body: { ...body, status: 'RUNNING' } };
  }
  const get = /^\/orders\/([^/?]+)(?:\?waitMs=\d+)?$/.exec(req.path); // the gateway long-polls with ?waitMs=
  if (req.method === 'GET' && get) {
    const order = orders.get(decodeURIComponent(get[1]));
    if (!order) return { status: 404, body: { code: 'ORDER.NOT_FOUND', message: 'no such order' } };
    order.polls += 1;
    const sku = String(order.body.sku);
    if (sku.startsWith('SLOW') || order.polls < 3)
      return { status: 200, body: { ...order.body, status: 'RUNNING' } };
    if (sku.startsWith('NOSTOCK')) {
      return {
        status: 200,
        body: { ...order.body, status: 'CANCELLED', reason: 'out of stock', code: 'WAREHOUSE.OUT_OF_STOCK' },
      };
    }
    return { status: 200, body: { ...order.body, status: 'COMPLETED' } };
  }
  if (req.path.startsWith('/sagas/hang')) return { status: 200, body: {}, delayMs: 3000 };
  if (req.path.startsWith('/sagas/garbage')) return { status: 500, raw: 'Internal Server Error' };
  return { status: 404, body: { code: 'SAGA.NOT_FOUND', message: 'no such saga' } };
}
