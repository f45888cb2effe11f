/**
 * The seed's bidding load: 100 VUs for 1 minute bidding on a few lots through the gateway
 * (`POST /lots/:id/bids {amount, address}`), each bid a PlaceBid saga.
 *
 * setup(): a seller creates LOTS lots (absolute increment 1, ending after the run), BUYERS buyers
 * register, log in and top up. Amounts rise with time (ms since the start × 100 + VU), so concurrent
 * bids on a lot are nearly always above its current price and only in-flight reordering makes one
 * "too low" (409). 201 accepted, 202 still deciding and 409 outbid/closed are expected answers; so is
 * 429 BID.OVERLOADED (the orchestrator shedding load), after which the VU waits Retry-After like a
 * well-behaved client. A cluster sized for the load sheds less than 5 % of the bids (threshold).
 *
 *   k6 run -e BASE_URL=https://gavel.example.com k6/bids.ts
 */
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter, Rate } from 'k6/metrics';
import { Options } from 'k6/options';
import {
  ADDRESS,
  authHeaders,
  BASE_URL,
  createLot,
  envInt,
  registerUsers,
  topUpAll,
  User,
} from './lib/api.ts';

const VUS = envInt('VUS', 100);
const DURATION = __ENV.DURATION || '1m';
const LOTS = envInt('LOTS', 5);
const BUYERS = envInt('BUYERS', 100);
const FUNDS = envInt('FUNDS', 100_000_000);

export const options: Options = {
  setupTimeout: '10m',
  scenarios: {
    bids: { executor: 'constant-vus', vus: VUS, duration: DURATION },
  },
  thresholds: {
    'http_req_duration{name:bid}': ['p(95)<100', 'p(99)<250'],
    'http_req_failed{name:bid}': ['rate<0.01'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    bid_accepted: ['rate>0.5'],
    bids_accepted: ['count>0'],
    bid_shed: ['rate<0.05'],
  },
};

const accepted = new Counter('bids_accepted');
const outbid = new Counter('bids_outbid');
const pending = new Counter('bids_pending');
const acceptedRate = new Rate('bid_accepted');
const shedRate = new Rate('bid_shed');

interface Data {
  buyers: User[];
  lotIds: string[];
  startedAt: number;
  startPrice: number;
}

export function setup(): Data {
  const [seller] = registerUsers('seller', 1);
  const buyers = registerUsers('buyer', BUYERS);
  topUpAll(buyers, FUNDS);
  const startPrice = 100;
  const endsInS = envInt('LOT_ENDS_IN_S', 600);
  const lotIds = Array.from({ length: LOTS }, () => createLot(seller, { startPrice, increment: 1, endsInS }));
  return { buyers, lotIds, startedAt: Date.now(), startPrice };
}

export default function (data: Data): void {
  const buyer = data.buyers[(__VU - 1) % data.buyers.length];
  const lotId = data.lotIds[(__VU + __ITER) % data.lotIds.length];
  const amount = data.startPrice + (Date.now() - data.startedAt) * 100 + (__VU % 100);
  const res = http.post(`${BASE_URL}/lots/${lotId}/bids`, JSON.stringify({ amount, address: ADDRESS }), {
    headers: authHeaders(buyer.token),
    tags: { name: 'bid' },
    responseCallback: http.expectedStatuses(201, 202, 409, 429),
  });
  check(res, { 'bid answered 201, 202, 409 or 429': (r) => [201, 202, 409, 429].includes(r.status) });
  acceptedRate.add(res.status === 201);
  shedRate.add(res.status === 429);
  if (res.status === 429) sleep(Number(res.headers['Retry-After'] ?? 1));
  if (res.status === 201) accepted.add(1);
  else if (res.status === 409) outbid.add(1);
  else if (res.status === 202) pending.add(1);
}
