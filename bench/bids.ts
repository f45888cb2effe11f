/**
 * Bids per second through the gateway (`POST /lots/:id/bids`, a PlaceBid saga per request), latency of
 * every answer, and event → WebSocket delivery delay, against this run's own services as real processes
 * (orchestrator, wallet, payment, warehouse, delivery, lot, gateway on free ports, LOG_LEVEL=warn,
 * GAVEL_LOG_SHIPPING=off) on the shared PostgreSQL / Kafka / Debezium stack.
 *
 *   1. Fixtures through the public API: a seller, --lots lots (absolute increment 1, ending ~3 min later,
 *      or --duration + 120 s if longer), --buyers buyers with JWTs and funded wallets.
 *   2. A socket.io client on `/live` subscribes to the lots; one warm-up bid per lot must reach it
 *      (the gateway's live consumer reads lot.events from its end once it has joined).
 *   3. autocannon: --connections connections for --duration s; request k bids on lot k mod L as buyer
 *      k mod B with the lot's next amount (a shared counter per lot, +1 each), so bids are mostly valid
 *      and only reordering in flight makes one "too low". Statuses: 201 accepted, 409 outbid/too low,
 *      202 pending (the gateway stopped waiting), 429 shed (too many bids in flight), 5xx errors.
 *      --poll-ms=N sets the gateway's back-off after a failed long poll (GAVEL_ORDER_POLL_MS);
 *      --max-in-flight=N the orchestrator's load-shedding limit (GAVEL_BID_MAX_IN_FLIGHT, 0 = none).
 *   4. CPU and RSS per process (/proc) over the load window, load average before and after.
 * Writes bench/results/bids.json (or --out=<file>).
 *
 *   npm run -s build && node dist/bench/bids.js --connections=100 --duration=60
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { LiveWatcher } from './bids-live';
import { ADDRESS, call, createLot, inBatches, register, topUp, User } from './bids-setup';
import { BidsSystem, PID_PREFIX } from './bids-system';
import { cpuBetween, MemorySampler, sampleCpu } from './proc-cpu';
import { arg, percentile, round, writeResult } from './support';

const START_PRICE = 100;
const INCREMENT = 1;
const FUNDS = 100_000_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const say = (line: string): boolean => process.stderr.write(`[bids] ${line}\n`);
const load = (): number[] => loadavg().map((x) => round(x, 2));

interface Fixtures {
  seller: User;
  buyers: User[];
  lotIds: string[];
}

async function fixtures(
  gw: string,
  run: string,
  nBuyers: number,
  nLots: number,
  durationS: number,
): Promise<Fixtures> {
  const seller = await register(gw, 'seller', run);
  const buyers = await inBatches(nBuyers, 8, () => register(gw, 'buyer', run));
  await inBatches(nBuyers, 16, (i) => topUp(gw, buyers[i], FUNDS));
  const endsAt = new Date(Date.now() + Math.max(180, durationS + 120) * 1000);
  const lotIds = await inBatches(nLots, 4, () =>
    createLot(gw, seller, run, { startPrice: START_PRICE, increment: INCREMENT, endsAt }),
  );
  return { seller, buyers, lotIds };
}

/** One bid per lot that the watcher must see; retried until the live consumer has joined. Returns the next amount per lot. */
async function warmUp(gw: string, fx: Fixtures, watcher: LiveWatcher): Promise<number[]> {
  const next = fx.lotIds.map(() => START_PRICE);
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < fx.lotIds.length; i++) {
    for (;;) {
      if (Date.now() > deadline) throw new Error('warm-up bids never reached the WebSocket');
      const amount = next[i]++;
      const res = await call<{ bidId?: string }>(
        gw,
        'POST',
        `/lots/${fx.lotIds[i]}/bids`,
        fx.buyers[i % fx.buyers.length].token,
        { amount, address: ADDRESS },
      );
      if (![201, 202].includes(res.status) || !res.body.bidId)
        throw new Error(`warm-up bid: ${res.status} ${JSON.stringify(res.body)}`);
      const bidId = res.body.bidId;
      const until = Date.now() + 5000;
      while (!watcher.seen(bidId) && Date.now() < until) await sleep(50);
      if (watcher.seen(bidId)) break;
    }
  }
  return next;
}

interface Load {
  result: autocannon.Result;
  latencies: number[];
  statuses: Record<string, number>;
}

function bidLoad(
  gw: string,
  fx: Fixtures,
  nextAmount: number[],
  connections: number,
  durationS: number,
): Promise<Load> {
  let k = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const headers = fx.buyers.map((b) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${b.token}`,
  }));
  const request: autocannon.Request = {
    method: 'POST',
    path: `/lots/${fx.lotIds[0]}/bids`,
    setupRequest: (req) => {
      const n = k++;
      const lot = n % fx.lotIds.length;
      const amount = nextAmount[lot];
      nextAmount[lot] += INCREMENT;
      return {
        ...req,
        path: `/lots/${fx.lotIds[lot]}/bids`,
        headers: headers[n % headers.length],
        body: JSON.stringify({ amount, address: ADDRESS }),
      };
    },
  };
  return new Promise<Load>((resolve, reject) => {
    const instance = autocannon(
      { url: gw, connections, duration: durationS, timeout: 30, requests: [request] },
      (err: unknown, result) =>
        err
          ? reject(err instanceof Error ? err : new Error(String(err)))
          : resolve({ result, latencies, statuses }),
    );
    // autocannon emits (client, statusCode, resBytes, responseTime); its typings omit the client.
    instance.on('response', (...args: unknown[]) => {
      const [status, , ms] = args.slice(-3).map(Number);
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(ms);
    });
  });
}

const cpuOf = <T>(cores: Record<string, T>): Record<string, T> =>
  Object.fromEntries(
    Object.entries(cores).map(([name, c]) => [
      name.startsWith(PID_PREFIX) ? name.slice(PID_PREFIX.length) : name,
      c,
    ]),
  );

async function main(): Promise<void> {
  const connections = arg('connections', 100);
  const durationS = arg('duration', 60);
  const nLots = arg('lots', 10);
  const nBuyers = arg('buyers', 100);
  const write = arg('write', 1) === 1;
  const outFile = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? 'bids.json';
  const run = randomUUID().slice(0, 8);
  const loadBefore = load();
  say(`load average before: ${loadBefore.join(' ')}`);

  const pollMs = arg('poll-ms', 0); // the gateway's GET /bids poll interval (GAVEL_ORDER_POLL_MS); 0 = its default
  const serviceEnv: Record<string, string> = { LOG_LEVEL: 'warn', GAVEL_LOG_SHIPPING: 'off' };
  if (pollMs > 0) serviceEnv.GAVEL_ORDER_POLL_MS = String(pollMs);
  const maxInFlight = arg('max-in-flight', -1); // the orchestrator's GAVEL_BID_MAX_IN_FLIGHT; -1 = its default
  if (maxInFlight >= 0) serviceEnv.GAVEL_BID_MAX_IN_FLIGHT = String(maxInFlight);
  const system = new BidsSystem(serviceEnv);
  const watcher = new LiveWatcher();
  try {
    await system.start();
    const gw = system.url('gateway');
    say(`services up: ${JSON.stringify(system.pids())}`);
    const fx = await fixtures(gw, run, nBuyers, nLots, durationS);
    say(`fixtures: ${fx.buyers.length} buyers, ${fx.lotIds.length} lots`);
    await watcher.connect(gw, fx.lotIds);
    const nextAmount = await warmUp(gw, fx, watcher);
    say(`warm-up bids seen on the socket; load: ${connections} connections for ${durationS} s`);

    const cpu0 = sampleCpu();
    const memory = new MemorySampler().start();
    const t0 = Date.now();
    const { result, latencies, statuses } = await bidLoad(gw, fx, nextAmount, connections, durationS);
    const t1 = Date.now();
    const cpu = cpuBetween(cpu0, sampleCpu());
    const mem = memory.stop();
    const loadAfter = load();
    await sleep(5000); // deliveries of the last accepted bids
    const delivered = watcher
      .between(t0, t1 + 5000)
      .map((d) => d.delayMs)
      .sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);

    const seconds = result.duration || (t1 - t0) / 1000;
    const accepted = statuses['201'] ?? 0;
    const errors5xx = Object.entries(statuses)
      .filter(([s]) => Number(s) >= 500)
      .reduce((a, [, n]) => a + n, 0);
    const out = {
      vus: connections,
      duration_s: round(seconds, 1),
      bids_per_s: round(accepted / seconds),
      p50_ms: round(percentile(latencies, 50)),
      p95_ms: round(percentile(latencies, 95)),
      p99_ms: round(percentile(latencies, 99)),
      ws_delivery_p95_ms: percentile(delivered, 95),
      errors_5xx: errors5xx,
      command: `npm run -s build && node dist/bench/bids.js --connections=${connections} --duration=${durationS} --lots=${nLots} --buyers=${nBuyers}${pollMs > 0 ? ` --poll-ms=${pollMs}` : ''}${maxInFlight >= 0 ? ` --max-in-flight=${maxInFlight}` : ''}${outFile === 'bids.json' ? '' : ` --out=${outFile}`}`,
      requests_per_s: round(latencies.length / seconds),
      // The lot's acceptances (BidPlaced seen live), including bids the gateway answered 202 before they settled.
      bid_placed_per_s: round(delivered.length / seconds),
      statuses,
      connection_errors: result.errors,
      timeouts: result.timeouts,
      latency_max_ms: round(latencies[latencies.length - 1] ?? NaN),
      ws: {
        deliveries: delivered.length,
        accepted_bids: accepted,
        p50_ms: percentile(delivered, 50),
        p99_ms: percentile(delivered, 99),
        max_ms: delivered[delivered.length - 1],
      },
      lots: nLots,
      buyers: nBuyers,
      cpu_cores: cpuOf(cpu.cores),
      rss_mib: cpuOf(mem.rss_mib),
      machine_busy_pct: cpu.machine_busy_pct,
      unattributed_cores: cpu.unattributed_cores,
      load_average: { before: loadBefore, after: loadAfter },
      service_env: serviceEnv,
      measured_at: new Date().toISOString(),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    if (write) process.stdout.write(`→ ${writeResult(outFile, out)}\n`);
  } finally {
    watcher.close();
    await system.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
