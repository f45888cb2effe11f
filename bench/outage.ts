/**
 * Outage run, loopback only, bounded in time: a bidding war through the gateway and a steady Order saga
 * load while, in turn, the wallet, lot, payment, warehouse and delivery each stay down (every replica
 * SIGKILLed) for --outage-s; inside those outages an orchestrator replica is SIGKILLed (twice, one
 * replica each time), Kafka Connect and Kafka are killed -9 and PostgreSQL is restarted. Lots end
 * staggered through the outages, so auctions close while each participant is down. Afterwards every
 * saga must end, and DESIGN.md's invariants are read from the databases (bench/faults-invariants.ts,
 * bench/outage-checks.ts), with the orchestrator's reconciliation of saga histories and participants.
 *
 *   npm run -s build && node dist/bench/outage.js                  (5 × 300 s outages, ≈ 35 min)
 *   node dist/bench/outage.js --short                             (5 × 20 s, short timeouts, ≈ 4 min)
 *   options: --outage-s N, --bidders N, --lots-per-outage N, --order-rate N/s, --settle-s N,
 *            --no-stack-faults (leave Connect, Kafka and PostgreSQL alone: a dry run of the harness)
 *
 * Services: this run's own processes (bench/fault-services.ts), two replicas of the orchestrator, wallet
 * and lot in the shared consumer groups, one payment, warehouse, delivery and gateway. Writes
 * bench/results/outage.json (full) or .gavel/reports/outage-short.json (--short).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { call, createLot, inBatches, register, topUp, User } from './bids-setup';
import { FaultServices } from './fault-services';
import { isTerminal } from './faults-invariants';
import {
  groupEmptied,
  groupMembers,
  incidents,
  lotsAwaitingOrders,
  prefixedCommands,
  runChecks,
  runSagas,
  RunSaga,
} from './outage-checks';
import { BiddingWar, LotFixture, OrderLoad, orderFixtures } from './outage-load';
import { round, writeReport, writeResult } from './support';

const ROOT = path.resolve(__dirname, '../..');
const START = Date.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (m: string): boolean =>
  process.stderr.write(`[outage +${((Date.now() - START) / 1000).toFixed(1)}s] ${m}\n`);
const sh = promisify(execFile);
const at = (t: number): number => round((t - START) / 1000, 1);

function option(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return Number(process.argv[i].includes('=') ? process.argv[i].split('=')[1] : process.argv[i + 1]);
}
const SHORT = process.argv.includes('--short');
const STACK_FAULTS = !process.argv.includes('--no-stack-faults');
const OUTAGE_S = option('outage-s', SHORT ? 20 : 300);
const BIDDERS = option('bidders', SHORT ? 6 : 16);
const LOTS_PER_OUTAGE = option('lots-per-outage', SHORT ? 1 : 2);
const ORDER_RATE = option('order-rate', 2);
const SETTLE_S = option('settle-s', SHORT ? 90 : 600);
const LEAD_S = SHORT ? 10 : 60;
const GAP_S = SHORT ? 2 : 30;
/** Planning only (lot end times): how long a held-down service takes to answer again. */
const RESTART_ESTIMATE_S = SHORT ? 8 : 20;
const PARTICIPANTS = ['wallet', 'lot', 'payment', 'warehouse', 'delivery'] as const;
const REPLICAS = { orchestrator: 2, wallet: 2, lot: 2, payment: 1, warehouse: 1, delivery: 1, gateway: 1 };
/** Short: a participant is down for many step timeouts; full: the engine's defaults (10 s, 1 s doubling to 30 s). */
const SERVICE_ENV: Record<string, string> = SHORT
  ? {
      GAVEL_SAGA_STEP_TIMEOUT_MS: '1500',
      GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '1500',
      GAVEL_SAGA_RETRY_DELAY_MS: '300',
      GAVEL_SAGA_RETRY_MAX_DELAY_MS: '3000',
    }
  : {};

interface Injected {
  fault: string;
  injected_at_s: number;
  back_after_s?: number;
  error?: string;
}

/** A fault inside an outage: an orchestrator replica SIGKILLed, or a stack server killed -9 / restarted. */
function infraFault(
  svc: FaultServices,
  participant: (typeof PARTICIPANTS)[number],
): { name: string; inject: () => Promise<void> } | undefined {
  const replica = (i: number) => ({
    name: `SIGKILL orchestrator replica ${i}`,
    inject: async () => {
      await svc.killReplica('orchestrator', i);
      await sleep(2_000);
      await svc.startReplica('orchestrator', i);
    },
  });
  const stack = (verb: 'kill' | 'restart', server: string) => ({
    name: `${verb === 'kill' ? 'kill -9' : 'restart'} ${server}`,
    inject: async () => {
      const script = path.join(ROOT, 'scripts/stack.sh');
      await sh('bash', [script, verb, server], { cwd: ROOT, timeout: 300_000 });
      if (verb === 'kill') await sh('bash', [script, 'up', server], { cwd: ROOT, timeout: 300_000 });
    },
  });
  switch (participant) {
    case 'wallet':
      return replica(0);
    case 'lot':
      return replica(1);
    case 'payment':
      return STACK_FAULTS ? stack('kill', 'connect') : undefined;
    case 'warehouse':
      return STACK_FAULTS ? stack('kill', 'kafka') : undefined;
    case 'delivery':
      return STACK_FAULTS ? stack('restart', 'postgres') : undefined;
  }
}

/**
 * A seller, bidders with funds (through the gateway, as bench/bids.ts), and the lots: lot j of outage k
 * ends inside it, at (j + 1) / (n + 1) of the outage by the planned timeline from `t0` (the load's start,
 * set once the users exist). The seller sells lot 1's item elsewhere (stock 0) before it closes, so its
 * order fails for a business reason (WAREHOUSE.OUT_OF_STOCK) and is compensated.
 */
async function bidFixtures(
  gw: string,
  runId: string,
): Promise<{ t0: number; bidders: User[]; lots: LotFixture[]; soldOut: string }> {
  const seller = await register(gw, 'seller', runId);
  const bidders = await inBatches(BIDDERS, 4, () => register(gw, 'buyer', runId));
  await inBatches(BIDDERS, 8, (i) => topUp(gw, bidders[i], 100_000_000));
  const count = PARTICIPANTS.length * LOTS_PER_OUTAGE;
  const t0 = Date.now() + 5_000 + count * 500;
  const ends = Array.from({ length: count }, (_, i) => {
    const [k, j] = [Math.floor(i / LOTS_PER_OUTAGE), i % LOTS_PER_OUTAGE];
    return (
      t0 +
      (LEAD_S + k * (OUTAGE_S + RESTART_ESTIMATE_S + GAP_S)) * 1000 +
      (OUTAGE_S * 1000 * (j + 1)) / (LOTS_PER_OUTAGE + 1)
    );
  });
  const ids = await inBatches(count, 4, (i) =>
    createLot(gw, seller, runId, { startPrice: 100, increment: 1, endsAt: new Date(ends[i]) }),
  );
  const soldOut = ids[Math.min(1, count - 1)];
  const { body } = await call<{ sku: string }>(gw, 'GET', `/lots/${soldOut}`, seller.token);
  const stock = await call(gw, 'PUT', `/items/${encodeURIComponent(body.sku)}/stock`, seller.token, {
    onHand: 0,
  });
  if (stock.status !== 200)
    throw new Error(
      `could not sell out lot ${soldOut}'s item: ${stock.status} ${JSON.stringify(stock.body)}`,
    );
  return { t0, bidders, lots: ids.map((id, i) => ({ id, endsAt: ends[i] })), soldOut };
}

async function main(): Promise<void> {
  const runId = randomUUID().slice(0, 8);
  const svc = new FaultServices({ run: 'outage', replicas: REPLICAS, env: SERVICE_ENV, log });
  const plannedS = LEAD_S + PARTICIPANTS.length * (OUTAGE_S + RESTART_ESTIMATE_S + GAP_S);
  const boundS = plannedS + SETTLE_S + (SHORT ? 240 : 900);
  const watchdog = setTimeout(() => {
    log(`time bound of ${boundS}s reached: stopping`);
    void svc.stopAll().finally(() => process.exit(2));
  }, boundS * 1000);
  watchdog.unref();
  log(
    `run ${runId}: outages of ${OUTAGE_S}s, ${BIDDERS} bidders, ${LOTS_PER_OUTAGE} lot(s) per outage, ${ORDER_RATE} orders/s, stack faults ${STACK_FAULTS ? 'on' : 'off'}, bound ${boundS}s`,
  );
  const since = new Date();
  // Another orchestrator sharing the orchestrator's schema (an int test's, with a topic prefix) may take this run's timers.
  const foreign = new Map<string, string>();
  const sample = (): Promise<void> =>
    prefixedCommands(since).then(
      (rows) => rows.forEach((r) => foreign.set(r.sagaId, r.topic)),
      () => undefined,
    );
  const sampler = setInterval(() => void sample(), 120_000);
  await svc.startAll();
  log(`services up: ${JSON.stringify(svc.pids())}`);
  try {
    const expectedOrders = Math.ceil(plannedS * ORDER_RATE);
    const ofx = await orderFixtures(
      { wallet: svc.url('wallet'), warehouse: svc.url('warehouse'), delivery: svc.url('delivery') },
      runId,
      expectedOrders,
      PARTICIPANTS.length * LOTS_PER_OUTAGE,
    );
    const bfx = await bidFixtures(svc.url('gateway'), runId);
    const { t0 } = bfx;
    const lotIds = bfx.lots.map((l) => l.id);
    log(
      `fixtures: ${bfx.bidders.length} bidders, ${lotIds.length} lots, ${ofx.buyers.length} order buyers; load starts in ${((t0 - Date.now()) / 1000).toFixed(1)}s`,
    );
    await sleep(Math.max(0, t0 - Date.now()));

    const war = new BiddingWar(
      svc.url('gateway'),
      bfx.bidders,
      bfx.lots,
      runId,
      SHORT ? [500, 1500] : [1500, 4500],
    );
    const orders = new OrderLoad(() => svc.url('orchestrator'), ofx, ORDER_RATE);
    let faultsDone = false;
    const bidding = war.drive();
    const ordering = orders.run(() => faultsDone);
    log('load running: bidding war and orders');

    const outages: Record<string, unknown>[] = [];
    const windows: { name: string; from: number; back: number }[] = [];
    const injected: Injected[] = [];
    let lastEnd = t0;
    for (const [k, p] of PARTICIPANTS.entries()) {
      const planned = t0 + (LEAD_S + k * (OUTAGE_S + RESTART_ESTIMATE_S + GAP_S)) * 1000;
      await sleep(Math.max(0, planned - Date.now(), lastEnd + GAP_S * 1000 - Date.now()));
      const group = `${p}-commands`;
      const before = await groupMembers(group).catch(() => [] as string[]);
      const inside = infraFault(svc, p);
      let left: string[] = [];
      let detail: Injected | undefined;
      log(
        `outage: ${p} down (all ${svc.replicaCount(p)} replica(s)) for ${OUTAGE_S}s${inside ? `; inside it: ${inside.name}` : ''}`,
      );
      const t = await svc.holdDown(p, OUTAGE_S * 1000, async () => {
        const downAt = Date.now();
        // Killed members leave the group within the 10 s session; checked before a fault that could stop Kafka answering.
        left = await groupEmptied(group, Math.max(12_000, Math.min(30_000, OUTAGE_S * 1000 - 2_000)));
        if (inside) {
          await sleep(Math.max(0, downAt + (OUTAGE_S * 1000) / 2 - Date.now()));
          const t1 = Date.now();
          detail = { fault: inside.name, injected_at_s: at(t1) };
          log(`inside the ${p} outage: ${inside.name}`);
          await inside.inject().then(
            () => void (detail!.back_after_s = round((Date.now() - t1) / 1000, 1)),
            (e: Error) => void (detail!.error = e.message.slice(0, 500)),
          );
          injected.push(detail);
          windows.push({ name: inside.name, from: t1, back: Date.now() });
          log(
            `${inside.name}: ${detail.error ? `failed: ${detail.error}` : `back after ${detail.back_after_s}s`}`,
          );
        }
      });
      lastEnd = t.healthyAt;
      windows.push({ name: `${p} down`, from: t.downAt, back: t.healthyAt });
      log(
        `${p} back: down ${((t.healthyAt - t.downAt) / 1000).toFixed(1)}s (restart took ${((t.healthyAt - t.startedAt) / 1000).toFixed(1)}s)`,
      );
      outages.push({
        service: p,
        replicas: svc.replicaCount(p),
        down_at_s: at(t.downAt),
        outage_s: round((t.healthyAt - t.downAt) / 1000, 1),
        restart_s: round((t.healthyAt - t.startedAt) / 1000, 1),
        group_members_before: before.length,
        group_members_while_down: left,
        inside: detail ?? null,
        bid_answers_while_down: war.statuses(t.downAt, t.healthyAt),
        orders_submitted_while_down: orders.submitted.filter((o) => o.at >= t.downAt && o.at < t.healthyAt)
          .length,
      });
    }
    faultsDone = true;
    const lastFaultAt = Date.now();
    await Promise.all([bidding, ordering]);
    log(
      `load over: ${war.answers.length} bid answers ${JSON.stringify(war.statuses())}, ${orders.accepted.length}/${orders.submitted.length} orders accepted; waiting for every saga to end (≤ ${SETTLE_S}s)`,
    );

    const orderIds = orders.submitted.map((o) => o.id);
    let sagas: RunSaga[] = [];
    let settledAt: number | undefined;
    while (Date.now() - lastFaultAt < SETTLE_S * 1000) {
      sagas = await runSagas(orderIds, lotIds).catch(() => sagas);
      // Every lot closed, every sold one's order started, and every saga ended.
      const open = await lotsAwaitingOrders(lotIds, sagas).catch(() => 1);
      if (open === 0 && sagas.every((s) => isTerminal(s.status))) {
        settledAt = Date.now();
        break;
      }
      await sleep(2_000);
    }
    sagas = await runSagas(orderIds, lotIds);
    await war.resolvePending(Date.now() + 60_000);
    await sample();
    const isolation = [
      ...outages
        .filter((o) => (o.group_members_while_down as string[]).length > 0)
        .map(
          (o) =>
            `${o.service} was not down: ${JSON.stringify(o.group_members_while_down)} stayed in ${o.service}-commands`,
        ),
      ...outages
        .filter((o) => Number(o.group_members_before) > Number(o.replicas))
        .map(
          (o) =>
            `${o.service}-commands had ${o.group_members_before} members for this run's ${o.replicas} replica(s) when its outage began`,
        ),
      ...sagas
        .filter((s) => foreign.has(s.id))
        .map(
          (s) =>
            `${s.type} ${s.id}: a command went to ${foreign.get(s.id)} (another orchestrator shares the orchestrator's schema and took its timer)`,
        ),
    ];
    const report = await runChecks(
      svc.url('orchestrator'),
      since,
      sagas,
      orders.accepted,
      lotIds,
      war.acknowledged(),
      [...bfx.bidders.map((b) => b.userId), ...ofx.buyers],
      ofx.skus,
    );
    report.checks.run_isolated = isolation;
    report.violations += isolation.length;
    const perFault = windows.map((w) => {
      const caught = sagas.filter((s) => s.startedAt < w.back && s.endedAt > w.back);
      return {
        fault: w.name,
        outage_s: round((w.back - w.from) / 1000, 1),
        in_flight_at_recovery: caught.length,
        recovery_s: round(caught.reduce((m, s) => Math.max(m, s.endedAt - w.back), 0) / 1000, 1),
      };
    });
    const raised = await incidents(sagas.map((s) => s.id));
    for (const o of outages) {
      const w = windows.find((x) => x.name === `${o.service} down`)!;
      o.incidents_raised_while_down = raised.filter((r) => r.at >= w.from && r.at <= w.back).length;
    }
    const stuck = sagas.filter((s) => !isTerminal(s.status));
    const compensationFailed = sagas.filter((s) => s.status === 'COMPENSATION_FAILED');
    const result = {
      sagas: sagas.length,
      bids_acknowledged: war.acknowledged().length,
      outage_s_max: Math.max(...outages.map((o) => Number(o.outage_s))),
      replicas: 2,
      compensation_failed: compensationFailed.length,
      stuck: stuck.length,
      disagreements: report.disagreements,
      violations: report.violations,
      incidents_raised: raised.length,
      command: `node dist/bench/outage.js ${SHORT ? '--short' : `--outage-s ${OUTAGE_S}`}${STACK_FAULTS ? '' : ' --no-stack-faults'}`,
      stack_faults: STACK_FAULTS,
      outages,
      per_fault: perFault,
      faults_injected: injected,
      all_ended_s_after_last_fault: settledAt ? round((settledAt - lastFaultAt) / 1000, 1) : null,
      sagas_by_type: tallyBy(sagas),
      bids: {
        answers: war.answers.length,
        statuses: war.statuses(),
        codes: war.codes(),
        answered_201: war.answers.filter((a) => a.status === 201).length,
        pending_then: tallyOf(war.answers.filter((a) => a.status === 202).map((a) => a.final ?? 'unknown')),
      },
      orders: { submitted: orders.submitted.length, accepted: orders.accepted.length },
      lots: report.lots,
      reconciliation: report.reconciliation,
      disagreements_detail: report.disagreementsDetail,
      invariants: Object.fromEntries(
        Object.entries(report.checks).map(([k, v]) => [
          k,
          { violations: v.length, examples: v.slice(0, 10) },
        ]),
      ),
      service_env: SERVICE_ENV,
      replicas_per_service: REPLICAS,
      unexpected_exits: svc.unexpectedExits,
      at: new Date().toISOString(),
    };
    const file = SHORT ? writeReport('outage-short.json', result) : writeResult('outage.json', result);
    log(`wrote ${file}`);
    const {
      sagas: n,
      bids_acknowledged,
      outage_s_max,
      compensation_failed,
      disagreements,
      violations,
      incidents_raised,
    } = result;
    process.stdout.write(
      `${JSON.stringify({ sagas: n, bids_acknowledged, outage_s_max, compensation_failed, stuck: result.stuck, disagreements, violations, incidents_raised })}\n`,
    );
    process.exitCode = violations > 0 || injected.some((f) => f.error) ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    clearInterval(sampler);
    await svc.stopAll();
  }
}

function tallyOf(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function tallyBy(sagas: RunSaga[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of sagas) (out[s.type] ??= {})[s.status] = (out[s.type]?.[s.status] ?? 0) + 1;
  return out;
}

main().catch((e: Error) => {
  log(`failed: ${e.stack ?? e.message}`);
  process.exit(1);
});
