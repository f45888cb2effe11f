/**
 * Fault injection, loopback only, bounded in time (--duration + 15 min at most): drives Order sagas at
 * a steady rate through the orchestrator's `POST /orders` (at least --sagas, and on until the last
 * fault is over) while SIGKILL-ing and restarting the orchestrator and each participant, and
 * restarting Kafka Connect, Kafka and PostgreSQL; then checks DESIGN.md's invariants in each service's
 * database.
 *
 *   npm run -s build && node dist/bench/faults.js --sagas 300 --duration 240
 *   node dist/bench/faults.js --short          (≈60 s: fewer sagas, services + Connect only)
 *
 * The services are this run's own processes on free ports (bench/fault-services.ts: two replicas of the
 * orchestrator, wallet and lot in the same consumer groups, one of each other participant; the shared
 * default-port ones are not touched); a service's SIGKILL kills all its replicas. The stack servers
 * are shared, so a run disturbs whatever else uses them meanwhile.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { FaultServices } from './fault-services';
import {
  appliedOnce,
  ledgerReconciles,
  isTerminal,
  moneyConserved,
  oneWinnerPerLot,
  RunIds,
  sagasTerminal,
  sagaStatuses,
  sagaTimes,
  stockConsistent,
} from './faults-invariants';
import { percentile, round, writeReport, writeResult } from './support';

const ROOT = path.resolve(__dirname, '../..');
/** Two replicas of the orchestrator, wallet and lot (same consumer groups, different ports): scale-out under faults. */
const REPLICAS = { orchestrator: 2, wallet: 2, lot: 2, payment: 1, warehouse: 1, delivery: 1 };
type Service = keyof typeof REPLICAS;
const SERVICES = Object.keys(REPLICAS) as Service[];
const AMOUNT = 1_000;
const ADDRESS = {
  name: 'Fault Buyer',
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postcode: '1015CJ',
  country: 'NL',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);
const log = (message: string) =>
  process.stderr.write(`[faults +${((Date.now() - START) / 1000).toFixed(1)}s] ${message}\n`);
const START = Date.now();

function option(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const value = process.argv[i].includes('=') ? process.argv[i].split('=')[1] : process.argv[i + 1];
  return Number(value);
}
const SHORT = process.argv.includes('--short');
const SAGAS = option('sagas', SHORT ? 40 : 300);
const DURATION_S = option('duration', SHORT ? 35 : 240);

function durations(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? NaN),
  };
}

async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Buyers with a little less money than their share, items with ~85% of the stock: some orders compensate. */
async function fixtures(
  svc: FaultServices,
  runId: string,
): Promise<{ sellerId: string; buyers: string[]; skus: string[] }> {
  const sellerId = `faults-seller-${runId}`;
  const buyers = Array.from(
    { length: Math.max(2, Math.ceil(SAGAS / 20)) },
    (_, i) => `faults-buyer-${runId}-${i}`,
  );
  const skus = Array.from({ length: 4 }, (_, i) => `faults-${runId}-${i}`);
  const perBuyer = Math.ceil(SAGAS / buyers.length);
  for (const sku of skus)
    await post(`${svc.url('warehouse')}/items`, {
      sku,
      title: 'Fault lamp',
      sellerId,
      onHand: Math.floor((SAGAS * 0.85) / skus.length),
    });
  for (const userId of buyers) {
    await post(`${svc.url('wallet')}/wallets`, { userId });
    await post(
      `${svc.url('wallet')}/wallets/${userId}/deposits`,
      { amount: Math.floor(perBuyer * 0.9) * AMOUNT },
      { 'idempotency-key': `faults-${userId}` },
    );
  }
  // A slot holds at most 10,000 bookings: enough slots, all starting at the same time, for twice the orders.
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  for (let i = 0; i * 10_000 < SAGAS * 2; i++) {
    const capacity = Math.min(10_000, SAGAS * 2 - i * 10_000);
    const slot = await post(`${svc.url('delivery')}/slots`, {
      id: `faults-${runId}-${i}`,
      startsAt,
      capacity,
    });
    if (slot >= 400) log(`slot creation answered ${slot} (the earliest existing slots are used)`);
  }
  return { sellerId, buyers, skus };
}

interface Fault {
  name: string;
  inject: () => Promise<void>;
}

function faultPlan(svc: FaultServices): Fault[] {
  // Every replica of the service at once: the service is down, not just thinner.
  const kill = (s: Service): Fault => ({
    name: `SIGKILL ${s}${REPLICAS[s] > 1 ? ` (all ${REPLICAS[s]} replicas)` : ''}`,
    inject: async () => {
      await svc.down(s);
      await sleep(1_500);
      await svc.up(s);
    },
  });
  const restart = (server: string): Fault => ({
    name: `restart ${server}`,
    inject: async () => {
      await run('bash', [path.join(ROOT, 'scripts/stack.sh'), 'restart', server], {
        cwd: ROOT,
        timeout: 300_000,
      });
    },
  });
  if (SHORT) return [kill('orchestrator'), kill('payment'), kill('warehouse'), restart('connect')];
  return [...SERVICES.map(kill), restart('connect'), restart('kafka'), restart('postgres')];
}

async function main(): Promise<void> {
  const runId = randomUUID().slice(0, 8);
  const svc = new FaultServices({
    run: 'faults',
    replicas: REPLICAS,
    env: { GAVEL_SAGA_STEP_TIMEOUT_MS: '10000', GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '10000' },
    log,
  });
  // Bounded in time: whatever hangs (a server that never comes back), the run ends and stops its services.
  const boundS = DURATION_S + 900;
  const watchdog = setTimeout(() => {
    log(`time bound of ${boundS}s reached: stopping`);
    void svc.stopAll().finally(() => process.exit(2));
  }, boundS * 1000);
  watchdog.unref();
  log(`starting services (sagas=${SAGAS}, duration=${DURATION_S}s, bound ${boundS}s)`);
  await svc.startAll();
  try {
    const fx = await fixtures(svc, runId);
    const orders: string[] = [];
    const accepted: string[] = [];
    const gapMs = (DURATION_S * 1000) / SAGAS;
    const submit = async (orderId: string, i: number): Promise<void> => {
      const body = {
        orderId,
        buyerId: fx.buyers[i % fx.buyers.length],
        sellerId: fx.sellerId,
        sku: fx.skus[i % fx.skus.length],
        quantity: 1,
        amount: AMOUNT,
        address: ADDRESS,
      };
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        const status = await post(`${svc.url('orchestrator')}/orders`, body).catch(() => 0);
        if ([200, 201, 202, 409].includes(status)) return void accepted.push(orderId);
        await sleep(500);
      }
      log(`order ${orderId} never accepted`);
    };
    let faultsDone = false;
    // At SAGAS / DURATION per second, and on until the last fault is over, so sagas are in flight during each.
    const driving = (async () => {
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < SAGAS || !faultsDone; i++) {
        const id = randomUUID();
        orders.push(id);
        inflight.push(submit(id, i));
        await sleep(gapMs);
      }
      await Promise.all(inflight);
    })();

    const plan = faultPlan(svc);
    const every = (DURATION_S * 1000) / (plan.length + 1);
    let injected = 0;
    const windows: { name: string; injectedAt: number; recoveredAt: number }[] = [];
    for (const fault of plan) {
      await sleep(every * 0.8);
      const t0 = Date.now();
      log(`inject: ${fault.name}`);
      await fault.inject().then(
        () => injected++,
        (e: Error) => log(`fault ${fault.name} failed to inject: ${e.message}`),
      );
      windows.push({ name: fault.name, injectedAt: t0, recoveredAt: Date.now() });
      log(`recovered from ${fault.name} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }
    faultsDone = true;
    await driving;
    const lastSubmittedAt = Date.now();
    log(`all ${accepted.length}/${orders.length} orders accepted; waiting for every saga to end`);
    const ids: RunIds = { orders: accepted, buyers: fx.buyers, skus: fx.skus };
    let statuses = new Map<string, string>();
    let settledAt: number | undefined;
    while (Date.now() - lastSubmittedAt < 120_000) {
      statuses = await sagaStatuses(accepted).catch(() => statuses);
      if (accepted.every((id) => isTerminal(statuses.get(id)))) {
        settledAt = Date.now();
        break;
      }
      await sleep(500);
    }
    // Recovery of a fault: how long after the system was back the sagas in flight at that moment
    // (started before it, ended after it) took to end. Sagas started later are ordinary load.
    const times = await sagaTimes(accepted);
    const perFault = windows.map((w) => {
      const caught = [...times.values()].filter(
        (t) => t.startedAt < w.recoveredAt && t.endedAt > w.recoveredAt,
      );
      const recovery = caught.reduce((m, t) => Math.max(m, t.endedAt - w.recoveredAt), 0) / 1000;
      return {
        fault: w.name,
        outage_s: round((w.recoveredAt - w.injectedAt) / 1000, 1),
        in_flight_at_recovery: caught.length,
        recovery_s: round(recovery, 1),
      };
    });
    const recoveryS = perFault.reduce((m, f) => Math.max(m, f.recovery_s), 0);
    const slow = perFault
      .filter((f) => f.recovery_s > 60)
      .map((f) => `after ${f.fault}, sagas in flight took ${f.recovery_s}s (> 60 s) to end`);
    const checks: Record<string, string[]> = {
      money_conserved: await moneyConserved(ids, statuses),
      stock_consistent: await stockConsistent(ids, statuses),
      sagas_terminal: [
        ...(await sagasTerminal(ids)),
        ...slow,
        ...(settledAt ? [] : ['not every saga ended within 120 s of the last submission']),
      ],
      applied_once: await appliedOnce(ids, statuses),
      ledger_reconciles: await ledgerReconciles(),
    };
    const lots = await oneWinnerPerLot();
    if (lots) checks.one_winner_per_lot = lots;
    const outcomes: Record<string, number> = {};
    for (const s of statuses.values()) outcomes[s] = (outcomes[s] ?? 0) + 1;
    const violations = Object.values(checks).reduce((n, v) => n + v.length, 0);
    const result = {
      sagas: accepted.length,
      faults_injected: injected,
      violations,
      max_recovery_s: round(recoveryS, 1),
      per_fault: perFault,
      all_ended_s_after_last_submission: settledAt ? round((settledAt - lastSubmittedAt) / 1000, 1) : null,
      saga_duration_ms: durations([...times.values()].map((t) => t.endedAt - t.startedAt)),
      command: `node dist/bench/faults.js ${SHORT ? '--short' : `--sagas ${SAGAS} --duration ${DURATION_S}`}`,
      faults: plan.map((f) => f.name),
      replicas: REPLICAS,
      unexpected_exits: svc.unexpectedExits,
      outcomes,
      not_accepted: orders.length - accepted.length,
      invariants: Object.fromEntries(
        Object.entries(checks).map(([k, v]) => [k, { violations: v.length, examples: v.slice(0, 10) }]),
      ),
      at: new Date().toISOString(),
    };
    // The published figures come from the full run; the short one (test command) reports under .gavel/.
    const file = SHORT ? writeReport('faults-short.json', result) : writeResult('faults.json', result);
    log(`wrote ${file}`);
    const summary = {
      sagas: result.sagas,
      faults_injected: injected,
      violations,
      max_recovery_s: result.max_recovery_s,
      outcomes,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    process.exitCode = violations > 0 || injected < plan.length ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await svc.stopAll();
  }
}

main().catch((e: Error) => {
  log(`failed: ${e.stack ?? e.message}`);
  process.exit(1);
});
