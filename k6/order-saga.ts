/**
 * Order saga load through the gateway (`POST /orders`: hold → charge → reserve stock → book delivery →
 * capture), with a ramping arrival rate so the rate k6 offers does not depend on how fast the system
 * answers. A 201 carries the settled order (COMPLETED, or CANCELLED with a code); a 202 means the
 * gateway stopped waiting (GAVEL_ORDER_WAIT_MS) and the order is polled at `GET /orders/:id` until it
 * settles, so end-to-end saga time is measured either way.
 *
 *   k6 run -e BASE_URL=https://gavel.example.com -e PEAK_RATE=200 k6/order-saga.ts
 */
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import { Options } from 'k6/options';
import {
  ADDRESS,
  authHeaders,
  BASE_URL,
  createItem,
  envInt,
  registerUsers,
  topUpAll,
  uid,
  User,
} from './lib/api.ts';

const PEAK_RATE = envInt('PEAK_RATE', 100);
const BUYERS = envInt('BUYERS', 100);
const AMOUNT = envInt('AMOUNT', 100);
const POLL_LIMIT_S = envInt('POLL_LIMIT_S', 60);

export const options: Options = {
  setupTimeout: '10m',
  scenarios: {
    orders: {
      executor: 'ramping-arrival-rate',
      startRate: Math.max(1, Math.round(PEAK_RATE / 10)),
      timeUnit: '1s',
      preAllocatedVUs: envInt('PRE_VUS', 200),
      maxVUs: envInt('MAX_VUS', 1000),
      stages: [
        { duration: __ENV.RAMP || '30s', target: PEAK_RATE },
        { duration: __ENV.HOLD || '1m', target: PEAK_RATE },
        { duration: '10s', target: 0 },
      ],
    },
  },
  thresholds: {
    'http_req_failed{name:place order}': ['rate<0.01'],
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:place order}': ['p(95)<2000'],
    order_saga_ms: ['p(95)<3000', 'p(99)<5000'],
    order_completed: ['rate>0.99'],
    dropped_iterations: ['count<10'],
  },
};

const sagaMs = new Trend('order_saga_ms', true);
const completed = new Rate('order_completed');
const cancelled = new Counter('orders_cancelled');
const unsettled = new Counter('orders_unsettled');

interface Data {
  sellerId: string;
  buyers: User[];
  sku: string;
}

interface Order {
  orderId?: string;
  status?: string;
  code?: string;
}

export function setup(): Data {
  const [seller] = registerUsers('seller', 1);
  const buyers = registerUsers('buyer', BUYERS);
  topUpAll(buyers, envInt('FUNDS', 100_000_000));
  const sku = createItem(seller, envInt('STOCK', 10_000_000));
  return { sellerId: seller.userId, buyers, sku };
}

/** Polls a pending order until it leaves PENDING (or POLL_LIMIT_S passes). */
function settle(buyer: User, orderId: string): Order | undefined {
  const deadline = Date.now() + POLL_LIMIT_S * 1000;
  while (Date.now() < deadline) {
    sleep(0.2);
    const res = http.get(`${BASE_URL}/orders/${orderId}`, {
      headers: authHeaders(buyer.token),
      tags: { name: 'poll order' },
    });
    const order = res.status === 200 ? (res.json() as Order) : undefined;
    if (order && order.status !== 'PENDING') return order;
  }
  return undefined;
}

export default function (data: Data): void {
  const buyer = data.buyers[Math.floor(Math.random() * data.buyers.length)];
  const started = Date.now();
  const res = http.post(
    `${BASE_URL}/orders`,
    JSON.stringify({ sku: data.sku, quantity: 1, amount: AMOUNT, sellerId: data.sellerId, address: ADDRESS }),
    {
      headers: authHeaders(buyer.token, { 'idempotency-key': uid('k6-order') }),
      tags: { name: 'place order' },
      responseCallback: http.expectedStatuses(201, 202),
    },
  );
  check(res, { 'order accepted (201 or 202)': (r) => r.status === 201 || r.status === 202 });
  if (res.status !== 201 && res.status !== 202) return;
  const first = res.json() as Order;
  const order = res.status === 201 ? first : first.orderId ? settle(buyer, first.orderId) : undefined;
  if (!order) {
    unsettled.add(1);
    completed.add(false);
    return;
  }
  sagaMs.add(Date.now() - started);
  completed.add(order.status === 'COMPLETED');
  if (order.status === 'CANCELLED') cancelled.add(1, { code: order.code ?? 'unknown' });
}
