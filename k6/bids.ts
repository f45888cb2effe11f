/**
 * The bids benchmark's scenario (bench/bids.ts) for a deployed Gavel: VUS bidders (100) for DURATION
 * (1 m) bidding on LOTS random lots (100) through the gateway (`POST /lots/:id/bids {amount, address}`),
 * each bid decided by the lot's bid desk (one durable decision, no saga round trip).
 *
 * setup(): a seller creates LOTS lots (absolute increment 1, ending after the run), BUYERS buyers
 * register, log in, top up, and set an allowance on every lot (`PUT /lots/:id/allowance`, kept when
 * outbid), so every bid within it is decided at once. Each VU bids a random lot's minimum next bid as
 * the last answer on that lot told it (201 and 409 both carry `minimumNextBid`); per VU, since k6 VUs
 * share no memory, so concurrent bidders collide and some answers are 409 — a decision too. 201, 409
 * and 402 are decisions; 5xx are errors (threshold < 1 %).
 *
 *   k6 run -e BASE_URL=https://gavel.example.com k6/bids.ts
 */
import { check } from 'k6';
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
const LOTS = envInt('LOTS', 100);
const BUYERS = envInt('BUYERS', 100);
const FUNDS = envInt('FUNDS', 100_000_000);
const ALLOWANCE = envInt('ALLOWANCE', 500_000);

export const options: Options = {
  setupTimeout: '30m',
  scenarios: {
    bids: { executor: 'constant-vus', vus: VUS, duration: DURATION },
  },
  thresholds: {
    'http_req_duration{name:bid}': ['p(95)<100', 'p(99)<250'],
    'http_req_failed{name:bid}': ['rate<0.01'],
    checks: ['rate>0.99'],
    bid_decided: ['rate>0.99'],
    bids_accepted: ['count>0'],
  },
};

const accepted = new Counter('bids_accepted');
const outbid = new Counter('bids_outbid');
const decided = new Rate('bid_decided');

interface Data {
  buyers: User[];
  lotIds: string[];
  startPrice: number;
}

export function setup(): Data {
  const [seller] = registerUsers('seller', 1);
  const buyers = registerUsers('buyer', BUYERS);
  topUpAll(buyers, FUNDS);
  const startPrice = 100;
  const endsInS = envInt('LOT_ENDS_IN_S', 1800);
  const lotIds = Array.from({ length: LOTS }, () => createLot(seller, { startPrice, increment: 1, endsInS }));
  for (const lotId of lotIds) {
    const requests = buyers.map((b) => ({
      method: 'PUT',
      url: `${BASE_URL}/lots/${lotId}/allowance`,
      body: JSON.stringify({ amount: ALLOWANCE, keepWhenOutbid: true }),
      params: { headers: authHeaders(b.token), tags: { name: 'allowance' } },
    }));
    for (let i = 0; i < requests.length; i += 20) http.batch(requests.slice(i, i + 20));
  }
  return { buyers, lotIds, startPrice };
}

/** This VU's view of each lot's minimum next bid. */
const next = new Map<string, number>();

export default function (data: Data): void {
  const buyer = data.buyers[Math.floor(Math.random() * data.buyers.length)];
  const lotId = data.lotIds[Math.floor(Math.random() * data.lotIds.length)];
  const amount = next.get(lotId) ?? data.startPrice;
  const res = http.post(`${BASE_URL}/lots/${lotId}/bids`, JSON.stringify({ amount, address: ADDRESS }), {
    headers: authHeaders(buyer.token),
    tags: { name: 'bid' },
    responseCallback: http.expectedStatuses(201, 402, 409),
  });
  check(res, { 'bid decided (201, 402 or 409)': (r) => [201, 402, 409].includes(r.status) });
  decided.add([201, 402, 409].includes(res.status));
  let body: { minimumNextBid?: string; details?: { minimumNextBid?: string } } = {};
  try {
    body = (res.json() ?? {}) as typeof body;
  } catch {
    // not JSON (an error page): nothing learnt
  }
  const min = Number(body.minimumNextBid ?? body.details?.minimumNextBid);
  if (Number.isFinite(min) && min > (next.get(lotId) ?? 0)) next.set(lotId, min);
  if (res.status === 201) accepted.add(1);
  else if (res.status === 409) outbid.add(1);
}
