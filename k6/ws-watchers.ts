/**
 * WATCHERS viewers connected to the gateway's socket.io namespace `/live` over a raw WebSocket, each
 * subscribed to one of the lots, counting BidPlaced frames and the delay from the lot service's
 * acceptance (data.placedAt) to the frame's arrival. A small `bidder` scenario places bids so that
 * there is something to watch (set BID_RATE=0 and LOT_IDS=a,b,c to watch lots bid on elsewhere).
 *
 * socket.io over a raw socket (engine.io v4): GET /socket.io/?EIO=4&transport=websocket; the server
 * opens with `0{"sid",...,"pingInterval"}`; `40/live,` joins the namespace (answered `40/live,{...}`);
 * `42/live,["subscribe",{"lotId":"..."}]` joins a lot's room; the server pings with `2`, the client
 * must answer `3`; events arrive as `42/live,["BidPlaced",{"type","data":{...,"placedAt"},...}]`.
 *
 *   k6 run -e BASE_URL=https://gavel.example.com -e WATCHERS=500 k6/ws-watchers.ts
 */
import { check } from 'k6';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';
import { MessageEvent, WebSocket } from 'k6/websockets';
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

const WATCHERS = envInt('WATCHERS', 200);
const WATCH_S = envInt('WATCH_S', 60);
const BID_RATE = envInt('BID_RATE', 10);
const LOTS = envInt('LOTS', 3);
const WS_URL = (__ENV.WS_URL || BASE_URL.replace(/^http/, 'ws')).replace(/\/+$/, '');
const NAMESPACE = '/live';

const scenarios: Options['scenarios'] = {
  watchers: {
    executor: 'per-vu-iterations',
    vus: WATCHERS,
    iterations: 1,
    maxDuration: `${WATCH_S + 30}s`,
    exec: 'watch',
  },
};
if (BID_RATE > 0) {
  scenarios.bidder = {
    executor: 'constant-arrival-rate',
    rate: BID_RATE,
    timeUnit: '1s',
    duration: `${WATCH_S}s`,
    startTime: '5s',
    preAllocatedVUs: 20,
    maxVUs: 100,
    exec: 'bid',
  };
}

export const options: Options = {
  setupTimeout: '5m',
  scenarios,
  thresholds: {
    ws_joined: ['rate>0.99'],
    ws_bid_frames: ['count>0'],
    ws_delivery_ms: ['p(95)<500', 'p(99)<1000'],
    'http_req_failed{name:bid}': ['rate<0.01'],
  },
};

const joined = new Rate('ws_joined');
const frames = new Counter('ws_bid_frames');
const delivery = new Trend('ws_delivery_ms', true);

interface Data {
  lotIds: string[];
  buyers: User[];
  startedAt: number;
}

export function setup(): Data {
  const given = (__ENV.LOT_IDS || '').split(',').filter((s) => s.length > 0);
  if (BID_RATE === 0) return { lotIds: given, buyers: [], startedAt: Date.now() };
  const [seller] = registerUsers('seller', 1);
  const buyers = registerUsers('buyer', envInt('BUYERS', 20));
  topUpAll(buyers, envInt('FUNDS', 100_000_000));
  const lotIds =
    given.length > 0
      ? given
      : Array.from({ length: LOTS }, () =>
          createLot(seller, { startPrice: 100, increment: 1, endsInS: WATCH_S + 300 }),
        );
  return { lotIds, buyers, startedAt: Date.now() };
}

/** One frame's BidPlaced payload, or undefined for any other frame. */
function bidPlaced(frame: string): { placedAt?: string } | undefined {
  const prefix = `42${NAMESPACE},`;
  if (!frame.startsWith(prefix)) return undefined;
  const [event, payload] = JSON.parse(frame.slice(prefix.length)) as [
    string,
    { data?: { placedAt?: string } },
  ];
  return event === 'BidPlaced' ? (payload.data ?? {}) : undefined;
}

export function watch(data: Data): void {
  if (data.lotIds.length === 0) throw new Error('no lots to watch: set LOT_IDS or BID_RATE > 0');
  const lotId = data.lotIds[__VU % data.lotIds.length];
  const ws = new WebSocket(`${WS_URL}/socket.io/?EIO=4&transport=websocket`);
  let inNamespace = false;
  ws.onmessage = (event?: MessageEvent) => {
    const frame = typeof event?.data === 'string' ? event.data : '';
    if (frame.startsWith('0{')) ws.send(`40${NAMESPACE},`);
    else if (frame === '2') ws.send('3');
    else if (frame.startsWith(`40${NAMESPACE},`) && !inNamespace) {
      inNamespace = true;
      joined.add(true);
      ws.send(`42${NAMESPACE},${JSON.stringify(['subscribe', { lotId }])}`);
    } else if (frame.startsWith(`44${NAMESPACE},`)) {
      joined.add(false); // connect_error for the namespace
      ws.close();
    } else {
      const bid = bidPlaced(frame);
      if (!bid) return;
      frames.add(1);
      const placedAt = Date.parse(bid.placedAt ?? '');
      if (!Number.isNaN(placedAt)) delivery.add(Date.now() - placedAt);
    }
  };
  ws.onerror = () => {
    if (!inNamespace) joined.add(false);
  };
  setTimeout(() => ws.close(), WATCH_S * 1000);
}

export function bid(data: Data): void {
  const buyer = data.buyers[Math.floor(Math.random() * data.buyers.length)];
  const lotId = data.lotIds[Math.floor(Math.random() * data.lotIds.length)];
  const amount = 100 + (Date.now() - data.startedAt) * 100 + (__VU % 100);
  const res = http.post(`${BASE_URL}/lots/${lotId}/bids`, JSON.stringify({ amount, address: ADDRESS }), {
    headers: authHeaders(buyer.token),
    tags: { name: 'bid' },
    responseCallback: http.expectedStatuses(201, 202, 409),
  });
  check(res, { 'bid answered': (r) => r.status === 201 || r.status === 202 || r.status === 409 });
}
