/**
 * Bids under faults, loopback only, bounded in time: a bidding war of many bidders on a few lots through
 * the lot service's bid desk (two lot replicas, each bid sent to the replica that owns its lot, as the
 * gateway routes them), allowances raised through BidAllowance sagas when a bid needs more, while one lot
 * replica is SIGKILLed, the wallet is SIGKILLed and PostgreSQL is restarted. Clients behave as the gateway
 * does: an unanswered bid is sent again with the same bid id until it is decided, to the lot's next
 * replica when its owner is unreachable (so while replica 0 is down and just after, both replicas take
 * bids on its lots, and the lot's row lock must keep one writer at a time). Then, from the databases:
 *
 *   1. durable_201: every bid answered 201 is in `bids` with its amount and decided ACCEPTED;
 *   2. leader_highest: per lot, one leader, holding the highest bid the lot ever accepted;
 *   3. exposure_covered: at every sample during the run, each leader's commitment ≤ their allowance on
 *      the lot, and every hold the lot counts (granted before the sample, not released) is ACTIVE in the
 *      wallet with the same amount; and for every accepted bid, its commitment ≤ the holds granted
 *      before it and not released before it;
 *   4. money_conserved: per bidder deposits = balance + captured, held = active holds = 0 at the end;
 *      captured = charged for the winners' orders;
 *   5. closes_once: every lot closed once (one AuctionClosed), a SOLD lot has one order, and every saga
 *      of the run (allowances, releases, orders) ended COMPLETED or COMPENSATED.
 *
 *   npm run -s build && node dist/bench/bid-faults.js --duration 90
 *   node dist/bench/bid-faults.js --short        (≈45 s of bidding: the test command's version)
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { rendezvousOrder } from '../apps/gateway/src/lots/infrastructure/lot-replicas/rendezvous';
import { auctionOrderId } from '../apps/orchestrator/src/sagas/auction-order/auction-saga-ids';
import { FaultServices } from './fault-services';
import { isTerminal, ledgerReconciles, moneyConserved, query, Row } from './faults-invariants';
import { round, writeReport, writeResult } from './support';

const ROOT = path.resolve(__dirname, '../..');
const REPLICAS = { orchestrator: 1, wallet: 2, lot: 2, payment: 1, warehouse: 1, delivery: 1 };
const SHORT = process.argv.includes('--short');
const START = Date.now();
const log = (message: string) =>
  process.stderr.write(`[bid-faults +${((Date.now() - START) / 1000).toFixed(1)}s] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

function option(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return Number(process.argv[i].includes('=') ? process.argv[i].split('=')[1] : process.argv[i + 1]);
}
const DURATION_S = option('duration', SHORT ? 45 : 90);
const BIDDERS = option('bidders', SHORT ? 12 : 40);
const LOTS = option('lots', SHORT ? 3 : 8);
const DEPOSIT = 200_000;
const START_PRICE = 100;
const INCREMENT = 10;
const ADDRESS = {
  name: 'Fault Bidder',
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postcode: '1015CJ',
  country: 'NL',
};

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  url: string,
  method: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}

/** Until `ok` answers (network errors and 5xx are retried: the service may be down for a while). */
async function persist(
  what: string,
  attempt: () => Promise<Answer>,
  ok: (a: Answer) => boolean,
): Promise<Answer> {
  const deadline = Date.now() + 120_000;
  let last: Answer | undefined;
  while (Date.now() < deadline) {
    last = await attempt().catch(() => undefined);
    if (last && (ok(last) || (last.status >= 400 && last.status < 500))) return last;
    await sleep(300);
  }
  throw new Error(`${what}: no answer within 120 s (last ${last?.status})`);
}

interface Run {
  svc: FaultServices;
  sellerId: string;
  bidders: string[];
  lots: { id: string; sku: string }[];
  /** 201 answers: bid id → what was answered. */
  acked: Map<string, { lotId: string; bidderId: string; amount: string }>;
  allowanceIds: string[];
  next: Map<string, number>;
  sampleViolations: string[];
  samples: number;
  stats: Record<string, number>;
}

async function fixtures(svc: FaultServices, runId: string): Promise<Omit<Run, 'svc'>> {
  const sellerId = `bidf-seller-${runId}`;
  const bidders = Array.from({ length: BIDDERS }, (_, i) => `bidf-${runId}-${i}`);
  for (const userId of bidders) {
    await persist(
      'wallet',
      () => call(`${svc.url('wallet')}/wallets`, 'POST', { userId }),
      (a) => a.status < 300,
    );
    await persist(
      'deposit',
      () =>
        call(
          `${svc.url('wallet')}/wallets/${userId}/deposits`,
          'POST',
          { amount: DEPOSIT },
          {
            'idempotency-key': `bidf-${userId}`,
          },
        ),
      (a) => a.status < 300,
    );
  }
  const endsAt = new Date(Date.now() + (DURATION_S + 10) * 1000).toISOString();
  const lots: { id: string; sku: string }[] = [];
  for (let i = 0; i < LOTS; i++) {
    const sku = `bidf-${runId}-${i}`;
    await call(`${svc.url('warehouse')}/items`, 'POST', { sku, title: 'Fault vase', sellerId, onHand: 1 });
    const lot = await call(
      `${svc.url('lot')}/lots`,
      'POST',
      {
        title: 'Fault vase',
        description: 'Auctioned under faults',
        sku,
        startPrice: START_PRICE,
        increment: { kind: 'absolute', value: String(INCREMENT) },
        endsAt,
        softCloseWindowS: 0,
        softCloseExtensionS: 0,
      },
      { 'x-gavel-user-id': sellerId, 'x-gavel-role': 'seller' },
    );
    if (lot.status !== 201) throw new Error(`lot: ${lot.status} ${JSON.stringify(lot.body)}`);
    lots.push({ id: String(lot.body.id), sku });
  }
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  await call(`${svc.url('delivery')}/slots`, 'POST', { id: `bidf-${runId}`, startsAt, capacity: 100 });
  return {
    sellerId,
    bidders,
    lots,
    acked: new Map(),
    allowanceIds: [],
    next: new Map(lots.map((l) => [l.id, START_PRICE])),
    sampleViolations: [],
    samples: 0,
    stats: {},
  };
}

const count = (r: Run, key: string) => (r.stats[key] = (r.stats[key] ?? 0) + 1);

/** Raises the bidder's allowance on the lot by `by` through a BidAllowance saga; true once granted. */
async function raise(r: Run, lotId: string, bidderId: string, by: bigint): Promise<boolean> {
  const allowanceId = randomUUID();
  r.allowanceIds.push(allowanceId);
  const orchestrator = r.svc.url('orchestrator');
  const keepWhenOutbid = Math.random() < 0.5;
  await persist(
    'allowance',
    () =>
      call(`${orchestrator}/allowances`, 'POST', {
        allowanceId,
        lotId,
        bidderId,
        amount: Number(by),
        keepWhenOutbid,
      }),
    (a) => a.status < 300,
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const view = await call(`${orchestrator}/allowances/${allowanceId}?waitMs=5000`, 'GET').catch(
      () => undefined,
    );
    if (view?.body.status === 'GRANTED') return true;
    if (view?.body.status === 'REFUSED') {
      count(r, `allowance_refused_${String(view.body.code)}`);
      return false;
    }
    if (!view) await sleep(300);
  }
  count(r, 'allowance_unsettled');
  return false;
}

/** The lot's replicas in its rendezvous order, as the gateway routes a lot: its owner first. */
function lotOrder(r: Run, lotId: string): string[] {
  const replicas = Array.from({ length: r.svc.replicaCount('lot') }, (_, i) => r.svc.replicaUrl('lot', i));
  return rendezvousOrder(lotId, replicas);
}

/**
 * One bid, sent until decided (same bid id) to its lot's owner, and to the lot's next replica after a
 * network error (as the gateway does); raises the allowance once if the lot asks for it.
 */
async function bidOnce(r: Run, bidderId: string): Promise<void> {
  const lot = r.lots[Math.floor(Math.random() * r.lots.length)];
  const amount = r.next.get(lot.id) ?? START_PRICE;
  const proxy = Math.random() < 0.2 ? { maxAmount: amount + 3 * INCREMENT } : {};
  const bidId = randomUUID();
  const body = { bidId, bidderId, amount, address: ADDRESS, ...proxy };
  const order = lotOrder(r, lot.id);
  let at = 0;
  const send = () =>
    call(`${order[at]}/lots/${lot.id}/bids`, 'POST', body).catch((e: unknown) => {
      at = (at + 1) % order.length;
      count(r, 'bid_sent_to_next_replica');
      throw e;
    });
  for (let raised = 0; raised < 2; raised++) {
    const answer = await persist('bid', send, (a) => a.status < 300);
    const learnt = Number(
      answer.body.minimumNextBid ?? (answer.body.details as Row | undefined)?.minimumNextBid,
    );
    if (Number.isFinite(learnt) && learnt > (r.next.get(lot.id) ?? 0)) r.next.set(lot.id, learnt);
    count(r, `bid_${answer.status}`);
    if (answer.status === 201) {
      r.acked.set(bidId, { lotId: lot.id, bidderId, amount: String(answer.body.amount) });
      return;
    }
    const details = answer.body.details as { allowance?: string; required?: string } | undefined;
    if (answer.body.code !== 'LOT.ALLOWANCE_TOO_LOW' || !details?.required) return;
    const short = BigInt(details.required) - BigInt(details.allowance ?? '0');
    if (!(await raise(r, lot.id, bidderId, short + BigInt(5 * INCREMENT)))) return;
  }
}

/**
 * One sample: in the lot's schema, every open lot's leader commits no more than their allowance (one
 * snapshot); then every hold the lot counted (granted before the wallet was read, still not released)
 * is ACTIVE in the wallet with the amount granted.
 */
async function sample(r: Run): Promise<void> {
  const lotIds = r.lots.map((l) => l.id);
  const exposure = await query(
    'lot',
    `SELECT l.id, l.leader_id, l.leader_max, coalesce(a.amount, 0) AS allowance
       FROM lots l LEFT JOIN allowances a ON a.lot_id = l.id::text AND a.bidder_id = l.leader_id
      WHERE l.id = ANY($1::uuid[]) AND l.status = 'OPEN' AND l.leader_id IS NOT NULL AND l.leader_hold_id IS NULL`,
    [lotIds],
  );
  for (const e of exposure)
    if (BigInt(e.leader_max ?? 0) > BigInt(e.allowance ?? 0))
      r.sampleViolations.push(
        `lot ${e.id}: leader ${e.leader_id} commits ${e.leader_max} > allowance ${e.allowance}`,
      );
  const walletAt = await query('wallet', `SELECT now() AS at, 1 AS x`);
  const wallet = await query(
    'wallet',
    `SELECT id, status, amount FROM holds WHERE user_id = ANY($1) AND reference LIKE 'allowance:%'`,
    [r.bidders],
  );
  const held = await query(
    'lot',
    `SELECT hold_id, amount FROM allowance_holds WHERE lot_id = ANY($1) AND granted_at < $2 AND released_at IS NULL`,
    [lotIds, walletAt[0].at],
  );
  const byId = new Map(wallet.map((w) => [String(w.id), w]));
  for (const h of held) {
    const w = byId.get(String(h.hold_id));
    if (!w || w.status !== 'ACTIVE' || String(w.amount) !== String(h.amount))
      r.sampleViolations.push(
        `hold ${h.hold_id} counted by the lot (${h.amount}) is ${w ? `${w.status} ${w.amount}` : 'missing'} in the wallet`,
      );
  }
  r.samples++;
}

async function restartPostgres(): Promise<void> {
  await run('bash', [path.join(ROOT, 'scripts/stack.sh'), 'restart', 'postgres'], {
    cwd: ROOT,
    timeout: 300_000,
  });
}

async function checks(r: Run): Promise<Record<string, string[]>> {
  const lotIds = r.lots.map((l) => l.id);
  const out: Record<string, string[]> = {
    durable_201: [],
    leader_highest: [],
    exposure_covered: [...r.sampleViolations],
    money_conserved: [],
    closes_once: [],
  };
  const bids = await query(
    'lot',
    `SELECT id, lot_id, bidder_id, amount, max_amount, proxy, placed_at FROM bids WHERE lot_id = ANY($1::uuid[])`,
    [lotIds],
  );
  const decisions = await query('lot', `SELECT bid_id, status FROM bid_decisions WHERE lot_id = ANY($1)`, [
    lotIds,
  ]);
  const bidById = new Map(bids.map((b) => [String(b.id), b]));
  const decided = new Map(decisions.map((d) => [String(d.bid_id), String(d.status)]));
  for (const [bidId, a] of r.acked) {
    const b = bidById.get(bidId);
    if (!b || String(b.amount) !== a.amount || String(b.bidder_id) !== a.bidderId)
      out.durable_201.push(
        `bid ${bidId} answered 201 at ${a.amount} is ${b ? `recorded at ${b.amount}` : 'missing'}`,
      );
    if (decided.get(bidId) !== 'ACCEPTED')
      out.durable_201.push(`bid ${bidId} answered 201 is decided ${decided.get(bidId) ?? 'nowhere'}`);
  }
  const lots = await query(
    'lot',
    `SELECT id, status, outcome, leader_id, leader_bid_id, current_price FROM lots WHERE id = ANY($1::uuid[])`,
    [lotIds],
  );
  for (const l of lots) {
    const mine = bids.filter((b) => String(b.lot_id) === String(l.id));
    if (mine.length === 0) continue;
    const top = mine.reduce((m, b) => (BigInt(b.amount ?? 0) > BigInt(m.amount ?? 0) ? b : m));
    if (String(l.current_price) !== String(top.amount) || String(l.leader_id) !== String(top.bidder_id))
      out.leader_highest.push(
        `lot ${l.id}: leader ${l.leader_id} at ${l.current_price}, highest bid ${top.bidder_id} at ${top.amount}`,
      );
  }
  // Every accepted bid was covered by the holds granted before it and not released before it.
  const holds = await query(
    'lot',
    `SELECT hold_id, lot_id, bidder_id, amount, granted_at, released_at FROM allowance_holds WHERE lot_id = ANY($1)`,
    [lotIds],
  );
  for (const b of bids) {
    if (b.proxy) continue;
    const at = new Date(String(b.placed_at)).getTime();
    const covered = holds
      .filter((h) => String(h.lot_id) === String(b.lot_id) && String(h.bidder_id) === String(b.bidder_id))
      .filter(
        (h) =>
          new Date(String(h.granted_at)).getTime() <= at &&
          (h.released_at === null || new Date(String(h.released_at)).getTime() >= at),
      )
      .reduce((s, h) => s + BigInt(h.amount ?? 0), 0n);
    const commitment =
      BigInt(b.max_amount ?? b.amount ?? 0) > BigInt(b.amount ?? 0)
        ? BigInt(b.max_amount ?? 0)
        : BigInt(b.amount ?? 0);
    if (commitment > covered)
      out.exposure_covered.push(`bid ${b.id} commits ${commitment} with ${covered} held`);
  }
  // Closed once, one order per sold lot, every saga of the run ended well.
  const closes = await query(
    'lot',
    `SELECT aggregateid, count(*)::int AS n FROM outbox
      WHERE type = 'AuctionClosed' AND aggregateid = ANY($1) GROUP BY aggregateid`,
    [lotIds],
  );
  const closedCount = new Map(closes.map((c) => [String(c.aggregateid), Number(c.n)]));
  for (const l of lots) {
    if (l.status !== 'CLOSED') out.closes_once.push(`lot ${l.id} is ${l.status}`);
    if (closedCount.get(String(l.id)) !== 1)
      out.closes_once.push(`lot ${l.id}: ${closedCount.get(String(l.id)) ?? 0} AuctionClosed events`);
  }
  const sagas = await query(
    'orchestrator',
    `SELECT id, type, status FROM sagas WHERE id = ANY($1::text[]) OR data->>'lotId' = ANY($2)`,
    [r.allowanceIds, lotIds],
  );
  for (const s of sagas)
    if (!['COMPLETED', 'COMPENSATED'].includes(String(s.status)))
      out.closes_once.push(`saga ${s.type} ${s.id} ended ${s.status}`);
  const sold = lots.filter((l) => l.outcome === 'SOLD').map((l) => String(l.id));
  const orders = sold.map(auctionOrderId);
  const orderSagas = sagas.filter((s) => s.type === 'AuctionOrder');
  if (orderSagas.length !== sold.length)
    out.closes_once.push(`${orderSagas.length} orders for ${sold.length} sold lots`);
  const statuses = new Map(orderSagas.map((s) => [String(s.id), String(s.status)]));
  out.money_conserved = await moneyConserved(
    { orders, buyers: r.bidders, skus: r.lots.map((l) => l.sku) },
    statuses,
  );
  out.ledger_reconciles = await ledgerReconciles();
  return out;
}

async function main(): Promise<void> {
  const runId = randomUUID().slice(0, 8);
  const svc = new FaultServices({
    run: 'bid-faults',
    replicas: REPLICAS,
    env: {
      GAVEL_SAGA_STEP_TIMEOUT_MS: '5000',
      GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '5000',
      GAVEL_LOT_CLOCK_MS: '200',
    },
    log,
  });
  const boundS = DURATION_S + 600;
  const watchdog = setTimeout(() => {
    log(`time bound of ${boundS}s reached: stopping`);
    void svc.stopAll().finally(() => process.exit(2));
  }, boundS * 1000);
  watchdog.unref();
  log(`starting services (bidders=${BIDDERS}, lots=${LOTS}, duration=${DURATION_S}s)`);
  await svc.startAll();
  try {
    const r: Run = { svc, ...(await fixtures(svc, runId)) };
    const stopAt = Date.now() + DURATION_S * 1000;
    const bidding = Promise.all(
      r.bidders.map(async (bidderId) => {
        while (Date.now() < stopAt) {
          await bidOnce(r, bidderId).catch((e: Error) => count(r, `bid_error ${e.message.slice(0, 60)}`));
          await sleep(50 + Math.random() * 100);
        }
      }),
    );
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await sample(r).catch(() => count(r, 'sample_skipped'));
        await sleep(1000);
      }
    })();
    const faults: { name: string; inject: () => Promise<void> }[] = [
      {
        name: 'SIGKILL lot replica 0',
        inject: async () => {
          await svc.killReplica('lot', 0);
          await sleep(1500);
          await svc.startReplica('lot', 0);
        },
      },
      {
        name: 'SIGKILL wallet (both replicas)',
        inject: async () => {
          await svc.down('wallet');
          await sleep(3000);
          await svc.up('wallet');
        },
      },
      { name: 'restart postgres', inject: restartPostgres },
    ];
    const every = (DURATION_S * 1000) / (faults.length + 1);
    const injected: { fault: string; outage_s: number }[] = [];
    for (const f of faults) {
      await sleep(every * 0.8);
      const t0 = Date.now();
      log(`inject: ${f.name}`);
      await f.inject().catch((e: Error) => log(`fault ${f.name} failed: ${e.message}`));
      injected.push({ fault: f.name, outage_s: round((Date.now() - t0) / 1000, 1) });
      log(`recovered from ${f.name}`);
    }
    await bidding;
    log(
      `bidding over: ${r.acked.size} bids answered 201; waiting for the lots to close and every saga to end`,
    );
    const lotIds = r.lots.map((l) => l.id);
    const deadline = Date.now() + 180_000;
    let settled = false;
    // Settled: every lot closed, every sold lot's order and every release ended, nothing held any more.
    const settledNow = async (): Promise<boolean> => {
      const lots = await query('lot', `SELECT status, outcome FROM lots WHERE id = ANY($1::uuid[])`, [
        lotIds,
      ]);
      if (lots.some((l) => l.status === 'OPEN')) return false;
      const sagas = await query(
        'orchestrator',
        `SELECT type, status FROM sagas WHERE id = ANY($1::text[]) OR data->>'lotId' = ANY($2)`,
        [r.allowanceIds, lotIds],
      );
      const orders = sagas.filter((x) => x.type === 'AuctionOrder').length;
      if (orders < lots.filter((l) => l.outcome === 'SOLD').length) return false;
      if (!sagas.every((x) => isTerminal(String(x.status)))) return false;
      const held = await query(
        'wallet',
        `SELECT coalesce(sum(held), 0)::bigint AS held FROM wallet_accounts WHERE user_id = ANY($1)`,
        [r.bidders],
      );
      return BigInt(held[0].held ?? 0) === 0n;
    };
    while (Date.now() < deadline) {
      if (await settledNow().catch(() => false)) {
        settled = true;
        break;
      }
      await sleep(1000);
    }
    sampling = false;
    await sampler;
    const found = await checks(r);
    if (!settled) found.closes_once.push('not every lot closed and every saga ended within 180 s');
    const violations = Object.values(found).reduce((n, v) => n + v.length, 0);
    const result = {
      bids_answered_201: r.acked.size,
      violations,
      faults_injected: injected,
      samples: r.samples,
      bidders: BIDDERS,
      lots: LOTS,
      duration_s: DURATION_S,
      answers: r.stats,
      allowance_sagas: r.allowanceIds.length,
      unexpected_exits: svc.unexpectedExits,
      invariants: Object.fromEntries(
        Object.entries(found).map(([k, v]) => [k, { violations: v.length, examples: v.slice(0, 10) }]),
      ),
      command: `node dist/bench/bid-faults.js ${SHORT ? '--short' : `--duration ${DURATION_S} --bidders ${BIDDERS} --lots ${LOTS}`}`,
      at: new Date().toISOString(),
    };
    const file = SHORT
      ? writeReport('bid-faults-short.json', result)
      : writeResult('bid-faults.json', result);
    log(`wrote ${file}`);
    process.stdout.write(
      `${JSON.stringify({ bids_answered_201: r.acked.size, violations, samples: r.samples, answers: r.stats })}\n`,
    );
    process.exitCode = violations > 0 || r.acked.size === 0 ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await svc.stopAll();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
