/**
 * Bid decisions per second through the gateway (`POST /lots/:id/bids`, decided by the lot's bid desk:
 * one durable decision per bid), latency at half that rate, and commit → WebSocket delivery delay,
 * against this run's own services as real processes (orchestrator, wallet, payment, warehouse, delivery,
 * lot, gateway on free ports, LOG_LEVEL=warn, GAVEL_LOG_SHIPPING=off) on the shared PostgreSQL / Kafka /
 * Debezium stack, with pgbench measured in the same run.
 *
 *   0. pgbench (--pgbench-seconds, 20; 0 skips): commits/s this PostgreSQL sustains, nothing of ours running.
 *   1. Fixtures through the public API: a seller, --lots lots (absolute increment 1), --buyers buyers with
 *      funded wallets, and an allowance for every buyer on every lot (PUT /lots/:id/allowance, kept when
 *      outbid: a bidder in a war commits a budget once, then bids at auction speed).
 *   2. A socket.io client on `/live` subscribes to the lots; one warm-up bid per lot must reach it.
 *   3. Closed loop (autocannon, --connections for --duration s): each request is a random buyer bidding
 *      on a random lot the lot's known minimum next bid (learned from every answer: 201 and 409 both say
 *      it). Decisions = 201 accepted + 409 outbid/too low + 402 (each a committed decision); 429 and 5xx
 *      do not count.
 *   4. Open loop at half the decisions/s for --latency-duration s (a request every 1/rate s whatever the
 *      answers): latency p50/p95/p99 as a bidder sees it.
 *   5. CPU and RSS per process (/proc) over the closed loop; live delivery p95 over both loops.
 * Writes bench/results/bids.json (or --out=<file>).
 *
 *   npm run -s build && node dist/bench/bids.js --connections=100 --duration=60 --lots=100 --buyers=100
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { LiveWatcher } from './bids-live';
import { ADDRESS, call, createLot, inBatches, register, topUp, User } from './bids-setup';
import { BidsSystem, PID_PREFIX } from './bids-system';
import { preparePgbench, runPgbench } from './pg-ceiling';
import { cpuBetween, MemorySampler, sampleCpu } from './proc-cpu';
import { histogramBetween, readHistogram } from './prom-histogram';
import { arg, percentile, round, writeResult } from './support';

const START_PRICE = 100;
const INCREMENT = 1;
const FUNDS = 100_000_000;
/** Each buyer's allowance on each lot: far above what 60 s of +1 increments reach. */
const ALLOWANCE = 500_000;
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
  // Far enough that no lot ends during setup (10,000 allowance sagas) or the loops: a close would release
  // every allowance on the lot (thousands of sagas) in the middle of the measurement.
  const endsAt = new Date(Date.now() + Math.max(3600, durationS + 1800) * 1000);
  const lotIds = await inBatches(nLots, 4, () =>
    createLot(gw, seller, run, { startPrice: START_PRICE, increment: INCREMENT, endsAt }),
  );
  const pairs = nBuyers * nLots;
  say(`allowances: ${pairs} (buyer, lot) pairs`);
  await inBatches(pairs, 48, async (i) => {
    const buyer = buyers[i % nBuyers];
    const lotId = lotIds[Math.floor(i / nBuyers)];
    // 503 (funds not held before the bid's funds deadline: 10,000 sagas queue, or the wallet's consumer
    // group is still rebalancing after a start): a user sends it again.
    for (let attempt = 1; ; attempt++) {
      const res = await call(gw, 'PUT', `/lots/${lotId}/allowance`, buyer.token, {
        amount: ALLOWANCE,
        keepWhenOutbid: true,
      });
      if (res.status === 200) return;
      if (res.status !== 503 || attempt >= 20)
        throw new Error(`allowance: ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(Math.min(5000, 1000 * attempt));
    }
  });
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
      if (res.status !== 201 || !res.body.bidId)
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

/** The lot's minimum next bid as the answers tell it (201 body, 409 details). */
function learn(next: number[], lot: number, body: string | undefined): void {
  if (!body) return;
  try {
    const b = JSON.parse(body) as { minimumNextBid?: string; details?: { minimumNextBid?: string } };
    const min = Number(b.minimumNextBid ?? b.details?.minimumNextBid);
    if (Number.isFinite(min) && min > next[lot]) next[lot] = min;
  } catch {
    // not JSON: nothing learnt
  }
}

function bidLoad(
  gw: string,
  fx: Fixtures,
  nextAmount: number[],
  connections: number,
  durationS: number,
): Promise<Load> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const headers = fx.buyers.map((b) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${b.token}`,
  }));
  const request: autocannon.Request = {
    method: 'POST',
    path: `/lots/${fx.lotIds[0]}/bids`,
    setupRequest: (req, context: { lot?: number }) => {
      const lot = Math.floor(Math.random() * fx.lotIds.length);
      context.lot = lot;
      return {
        ...req,
        path: `/lots/${fx.lotIds[lot]}/bids`,
        headers: headers[Math.floor(Math.random() * headers.length)],
        body: JSON.stringify({ amount: nextAmount[lot], address: ADDRESS }),
      };
    },
    onResponse: (_status, body, context: { lot?: number }) => learn(nextAmount, context.lot ?? 0, body),
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

/** Open loop: one bid every 1/rate s for durationS, each timed on its own (no coordinated omission). */
async function openLoop(
  gw: string,
  fx: Fixtures,
  nextAmount: number[],
  rate: number,
  durationS: number,
): Promise<{ latencies: number[]; statuses: Record<string, number>; bySecond: number[][] }> {
  const latencies: number[] = [];
  /** Latencies by the second of the run in which each request was sent (where a stall sits). */
  const bySecond: number[][] = Array.from({ length: Math.ceil(durationS) }, () => []);
  const statuses: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  const start = Date.now();
  const total = Math.floor(rate * durationS);
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 1) await sleep(wait);
    const lot = Math.floor(Math.random() * fx.lotIds.length);
    const buyer = fx.buyers[Math.floor(Math.random() * fx.buyers.length)];
    const sent = performance.now();
    const second = bySecond[Math.min(bySecond.length - 1, Math.floor((Date.now() - start) / 1000))];
    pending.push(
      fetch(`${gw}/lots/${fx.lotIds[lot]}/bids`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}` },
        body: JSON.stringify({ amount: nextAmount[lot], address: ADDRESS }),
      }).then(
        async (res) => {
          const body = await res.text();
          latencies.push(performance.now() - sent);
          second.push(performance.now() - sent);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status >= 500) {
            const key = `${res.status} ${errorCode(body)}`;
            statuses[key] = (statuses[key] ?? 0) + 1;
          }
          learn(nextAmount, lot, body);
        },
        () => {
          statuses.error = (statuses.error ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { latencies: latencies.sort((a, b) => a - b), statuses, bySecond };
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
  const latencyS = arg('latency-duration', 30);
  const nLots = arg('lots', 100);
  const nBuyers = arg('buyers', 100);
  const pgSeconds = arg('pgbench-seconds', 20);
  const write = arg('write', 1) === 1;
  const outFile = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? 'bids.json';
  const run = randomUUID().slice(0, 8);
  const loadBefore = load();
  say(`load average before: ${loadBefore.join(' ')}`);

  let pg = { tps: NaN, transactions: 0, command: 'skipped' };
  if (pgSeconds > 0) {
    await preparePgbench(10);
    pg = await runPgbench(8, 2, pgSeconds);
    say(`pgbench ${pg.tps} tps`);
  }

  const serviceEnv: Record<string, string> = { LOG_LEVEL: 'warn', GAVEL_LOG_SHIPPING: 'off' };
  const system = new BidsSystem(serviceEnv);
  const watcher = new LiveWatcher();
  try {
    await system.start();
    const gw = system.url('gateway');
    say(`services up: ${JSON.stringify(system.pids())}`);
    const fx = await fixtures(gw, run, nBuyers, nLots, durationS + latencyS);
    say(`fixtures: ${fx.buyers.length} buyers, ${fx.lotIds.length} lots, allowances held`);
    await watcher.connect(gw, fx.lotIds);
    const nextAmount = await warmUp(gw, fx, watcher);
    say(`warm-up bids seen on the socket; closed loop: ${connections} connections for ${durationS} s`);

    const cpu0 = sampleCpu();
    const memory = new MemorySampler().start();
    const t0 = Date.now();
    const { result, latencies, statuses } = await bidLoad(gw, fx, nextAmount, connections, durationS);
    const t1 = Date.now();
    const cpu = cpuBetween(cpu0, sampleCpu());
    const mem = memory.stop();
    const seconds = result.duration || (t1 - t0) / 1000;
    const decisions = (statuses['201'] ?? 0) + (statuses['409'] ?? 0) + (statuses['402'] ?? 0);
    const decisionsPerS = decisions / seconds;
    // --rate pins the open loop's rate (to compare two builds at the same load); default: half the closed loop's.
    const pinnedRate = arg('rate', 0);
    const rate = pinnedRate || Math.max(1, Math.round(decisionsPerS / 2));
    say(`${round(decisionsPerS)} decisions/s; open loop at ${rate}/s for ${latencyS} s`);
    // The closed loop leaves a backlog (BidPlaced events still on their way through Debezium, Kafka and the
    // live feed): the open loop measures the system at half rate, not its recovery from the burst, so it
    // starts once the live feed has been quiet for 2 s.
    const drainS = await watcher.quiet(2000, 120_000);
    say(`closed loop's live backlog delivered ${round(drainS)} s after it ended`);
    // The desk's batches, and a bid's time inside the gateway and inside the lot service (HTTP histograms).
    const bidRoute = ['method="POST"', 'route="/lots/:id/bids"'];
    const desk = (): Promise<(Awaited<ReturnType<typeof readHistogram>> | undefined)[]> =>
      Promise.all(
        [
          readHistogram(system.url('lot'), 'gavel_bid_desk_batch_seconds'),
          readHistogram(system.url('lot'), 'gavel_bid_desk_batch_size'),
          readHistogram(system.url('gateway'), 'gavel_http_request_duration_seconds', bidRoute),
          readHistogram(system.url('lot'), 'gavel_http_request_duration_seconds', bidRoute),
          readHistogram(system.url('lot'), 'gavel_http_request_duration_seconds', [
            'method="POST"',
            'route="/bids/batch"',
          ]),
        ].map((p) => p.catch(() => undefined)),
      );
    const deskBefore = await desk();
    const tOpen = Date.now();
    const open = await openLoop(gw, fx, nextAmount, rate, latencyS);
    const t2 = Date.now();
    const deskAfter = await desk();
    const batchSeconds = histogramBetween(deskBefore[0], deskAfter[0]);
    const batchSize = histogramBetween(deskBefore[1], deskAfter[1]);
    const inGateway = histogramBetween(deskBefore[2], deskAfter[2]);
    const inLot = histogramBetween(deskBefore[3], deskAfter[3]);
    const lotBatches = histogramBetween(deskBefore[4], deskAfter[4]);
    const loadAfter = load();
    await sleep(5000); // deliveries of the last accepted bids
    // Live delivery at half rate (the open loop), as for latency; the closed loop's is reported beside it.
    const delivered = watcher
      .between(tOpen, t2 + 5000)
      .map((d) => d.delayMs)
      .sort((a, b) => a - b);
    const deliveredSaturated = watcher
      .between(t0, t1)
      .map((d) => d.delayMs)
      .sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const errors5xx = [statuses, open.statuses]
      .flatMap((s) => Object.entries(s))
      .filter(([s]) => /^\d+$/.test(s) && Number(s) >= 500)
      .reduce((a, [, n]) => a + n, 0);
    const out = {
      bids_per_s: round(decisionsPerS),
      accepted_per_s: round((statuses['201'] ?? 0) / seconds),
      p50_ms: round(percentile(open.latencies, 50)),
      p95_ms: round(percentile(open.latencies, 95)),
      p99_ms: round(percentile(open.latencies, 99)),
      ws_p95_ms: percentile(delivered, 95),
      errors_5xx: errors5xx,
      pgbench_tps: round(pg.tps),
      command: `npm run -s build && node dist/bench/bids.js --connections=${connections} --duration=${durationS} --latency-duration=${latencyS} --lots=${nLots} --buyers=${nBuyers} --pgbench-seconds=${pgSeconds}${pinnedRate ? ` --rate=${pinnedRate}` : ''}${write ? '' : ' --write=0'}${outFile === 'bids.json' ? '' : ` --out=${outFile}`}`,
      closed_loop: {
        connections,
        duration_s: round(seconds, 1),
        statuses,
        p50_ms: round(percentile(latencies, 50)),
        p95_ms: round(percentile(latencies, 95)),
        p99_ms: round(percentile(latencies, 99)),
        connection_errors: result.errors,
        timeouts: result.timeouts,
      },
      open_loop: {
        rate_per_s: rate,
        duration_s: latencyS,
        statuses: open.statuses,
        requests: open.latencies.length,
        // each second's p95 and max, by when the bids were sent: a stall shows as a run of high seconds
        p95_ms_by_second: open.bySecond.map((l) =>
          round(
            percentile(
              l.sort((a, b) => a - b),
              95,
            ),
          ),
        ),
        max_ms_by_second: open.bySecond.map((l) => round(l.length ? l[l.length - 1] : 0)),
      },
      // Where an open-loop bid's time goes inside the lot service: its batch's BEGIN..COMMIT.
      desk_open_loop: batchSeconds && {
        batches: batchSeconds.count,
        mean_batch_size: round(batchSize?.mean ?? 0, 1),
        mean_batch_ms: round(batchSeconds.mean * 1000, 1),
        p50_batch_ms_at_most: batchSeconds.p50_le * 1000,
        p95_batch_ms_at_most: batchSeconds.p95_le * 1000,
      },
      // A bid's time from the gateway's and the lot's HTTP histograms (their bucket bounds): the rest of the
      // client's latency is the network stack and the bench's own event loop.
      servers_open_loop: {
        gateway: inGateway && {
          mean_ms: round(inGateway.mean * 1000, 1),
          p50_ms_at_most: inGateway.p50_le * 1000,
          p95_ms_at_most: inGateway.p95_le * 1000,
        },
        lot: inLot && {
          mean_ms: round(inLot.mean * 1000, 1),
          p50_ms_at_most: inLot.p50_le * 1000,
          p95_ms_at_most: inLot.p95_le * 1000,
        },
        // the gateway's batch calls (LotBidBatcher): how many, how long, how many bids each carried
        lot_batch_calls: lotBatches && {
          calls: lotBatches.count,
          mean_bids: lotBatches.count ? round(open.latencies.length / lotBatches.count, 1) : 0,
          mean_ms: round(lotBatches.mean * 1000, 1),
          p50_ms_at_most: lotBatches.p50_le * 1000,
          p95_ms_at_most: lotBatches.p95_le * 1000,
        },
      },
      ws_saturated_p95_ms: percentile(deliveredSaturated, 95),
      backlog_drain_s: round(drainS),
      ws: {
        deliveries: delivered.length,
        p50_ms: percentile(delivered, 50),
        p99_ms: percentile(delivered, 99),
        max_ms: delivered[delivered.length - 1],
      },
      lots: nLots,
      buyers: nBuyers,
      cpu_cores: cpuOf(cpu.cores),
      cpu_ms_per_decision: round(((cpu.machine_busy_pct / 100) * 2 * 1000) / decisionsPerS, 2),
      rss_mib: cpuOf(mem.rss_mib),
      machine_busy_pct: cpu.machine_busy_pct,
      unattributed_cores: cpu.unattributed_cores,
      load_average: { before: loadBefore, after: loadAfter },
      pgbench: { command: pg.command, transactions: pg.transactions, scale: 10 },
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

/** A 5xx body's error code (`{code}` as every Gavel error), or what it was instead, for the report. */
function errorCode(body: string): string {
  try {
    return String((JSON.parse(body) as { code?: unknown }).code ?? 'no code');
  } catch {
    return body ? 'not JSON' : 'empty body';
  }
}
