/**
 * Order sagas per second at saturation, completion latency at half that rate, and PostgreSQL's commit
 * ceiling, against the whole system running as real processes (`scripts/services.sh up`).
 *
 *   1. pgbench on its own database (`gavel_bench`): commits/s the server sustains (nothing else of ours runs).
 *   2. Fixtures through the real HTTP APIs (items, wallets + deposits, big delivery slots starting soon).
 *   3. Saturation: a closed loop with `--concurrency` sagas in flight (POST /orders at the orchestrator;
 *      done = OrderCompleted/OrderCancelled on order.events); after `--warmup` s, completions, commits in
 *      the services' databases and CPU per process are counted over `--duration` s.
 *   4. Latency: an open loop at half the measured rate for `--latency-duration` s: p50/p95/p99 of
 *      (event received − POST sent).
 * Writes bench/results/order-saga.json.
 *
 *   npm run -s build && node dist/bench/order-saga.js --concurrency=128 --duration=40
 */
import { randomUUID } from 'node:crypto';
import { databaseConfig } from '@app/common';
import { createKafka } from '@app/messaging';
import {
  commitCounts,
  commitDelta,
  outboxRecords,
  preparePgbench,
  runPgbench,
  statementCounts,
} from './pg-ceiling';
import { cpuBetween, MemorySampler, sampleCpu, serviceEnv, sharedProcesses } from './proc-cpu';
import { closedLoop, CompletionTap, openLoop, OrderTemplate, SagaRecord } from './saga-load';
import { createFixtures, groupLag, groupMembers, Urls } from './saga-setup';
import { arg, percentile, round, writeResult } from './support';

const SERVICES = ['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery', 'notification', 'gateway'];
/** The databases the services use (by default one, `gavel`: commits are counted per database). */
const SERVICE_DBS = [...new Set(SERVICES.map((s) => databaseConfig(s).database))];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const say = (line: string): boolean => process.stderr.write(`[order-saga] ${line}\n`);

function tally(records: SagaRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) {
    const key = r.outcome === 'cancelled' ? `cancelled:${r.code ?? '?'}` : r.outcome;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

async function drain(tap: CompletionTap, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (tap.inFlight > 0 && Date.now() < deadline) await sleep(200);
}

async function main(): Promise<void> {
  const concurrency = arg('concurrency', 128);
  const warmup = arg('warmup', 10);
  const duration = arg('duration', 40);
  const latencyDuration = arg('latency-duration', 30);
  const pgSeconds = arg('pgbench-seconds', 20);
  const timeoutMs = arg('timeout-s', 60) * 1000;
  const run = randomUUID().slice(0, 8);

  const write = arg('write', 1) === 1;
  let pg = { tps: NaN, transactions: 0, command: 'skipped' };
  if (pgSeconds > 0) {
    say(`pgbench: -s 10, then -c 8 -j 2 -T ${pgSeconds} -N`);
    await preparePgbench(10);
    pg = await runPgbench(8, 2, pgSeconds);
    say(`pgbench ${pg.tps} tps`);
  }

  const bookings = 400 * (warmup + duration) + 200 * latencyDuration + 5000;
  const fx = await createFixtures(run, {
    buyers: arg('buyers', 200),
    items: arg('items', 4),
    bookings,
    slotLeadSeconds: arg('slot-lead-s', 480),
  });
  say(
    `fixtures: ${fx.buyers.length} buyers, ${fx.skus.length} items, ` +
      `${fx.slots.length} slots starting ${fx.slotsStartAt}`,
  );
  const template: OrderTemplate = {
    url: Urls.orchestrator,
    sellerId: fx.sellerId,
    buyers: fx.buyers,
    skus: fx.skus,
    amount: 100,
  };

  const tap = new CompletionTap();
  await tap.start();
  const admin = createKafka(`bench-order-admin-${run}`).admin();
  await admin.connect();

  // Background: what the service databases commit with no load of ours (pollers, others' tests).
  const idleCommits0 = await commitCounts(SERVICE_DBS);
  const idleCpu0 = sampleCpu();
  await sleep(5000);
  const idleCpu = cpuBetween(idleCpu0, sampleCpu());
  const idleCommitsPerS = commitDelta(idleCommits0, await commitCounts(SERVICE_DBS)).total / 5;

  say(`saturation: ${concurrency} in flight, ${warmup} s warm-up + ${duration} s measured`);
  const membersBefore = await groupMembers(admin);
  const load = closedLoop(tap, template, concurrency, timeoutMs);
  await sleep(warmup * 1000);
  const commits0 = await commitCounts(SERVICE_DBS);
  const statements0 = await statementCounts(SERVICE_DBS);
  const records0 = await outboxRecords(SERVICE_DBS);
  const cpu0 = sampleCpu();
  const memory = new MemorySampler().start();
  const t0 = Date.now();
  await sleep(duration * 1000);
  const t1 = Date.now();
  const cpu = cpuBetween(cpu0, sampleCpu());
  const mem = memory.stop();
  const commits = commitDelta(commits0, await commitCounts(SERVICE_DBS));
  const statements1 = await statementCounts(SERVICE_DBS);
  const records = (await outboxRecords(SERVICE_DBS)) - records0;
  const membersAfter = await groupMembers(admin);
  const lagAtEnd = await groupLag(admin);
  await load.stop();
  await drain(tap, 30_000);

  const window = tap.done.filter((r) => r.doneAt >= t0 && r.doneAt < t1);
  const finished = window.filter((r) => r.outcome === 'completed' || r.outcome === 'cancelled');
  const seconds = (t1 - t0) / 1000;
  const sagasPerS = finished.length / seconds;
  const satLatency = finished.map((r) => r.doneAt - r.sentAt).sort((a, b) => a - b);
  say(
    `saturation: ${finished.length} sagas in ${seconds} s = ${round(sagasPerS)}/s; ${JSON.stringify(tally(window))}`,
  );

  // --latency-rate=N offers N/s instead of half the measured rate (to compare runs at one rate)
  const rate = arg('latency-rate', 0) > 0 ? arg('latency-rate', 0) : Math.max(1, Math.round(sagasPerS / 2));
  say(`latency: open loop at ${rate}/s for ${latencyDuration} s`);
  const latencyRecords =
    latencyDuration > 0 ? await openLoop(tap, template, rate, latencyDuration, timeoutMs) : [];
  const ok = latencyRecords.filter((r) => r.outcome === 'completed' || r.outcome === 'cancelled');
  const latencies = ok.map((r) => r.doneAt - r.sentAt).sort((a, b) => a - b);
  await tap.stop();
  await admin.disconnect();

  const commitsPerSaga = commits.total / Math.max(1, finished.length);
  const perSaga = (x: number): number => x / Math.max(1, finished.length);
  const serviceCores = Object.entries(cpu.cores).filter(([name]) => name !== 'bench');
  const cpuMsPerSaga = Object.fromEntries(
    serviceCores.map(([name, cores]) => [name, round(perSaga(cores * seconds * 1000), 1)]),
  );
  const result = {
    sagas_per_s: round(sagasPerS),
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    p99_ms: percentile(latencies, 99),
    pg_commits_per_s: round(pg.tps),
    pgbench_tps: round(pg.tps),
    statements_per_saga:
      statements0 === undefined || statements1 === undefined
        ? null
        : round(perSaga(statements1 - statements0), 1),
    records_per_saga: round(perSaga(records), 2),
    cpu_ms_per_saga: {
      total: round(
        serviceCores.reduce((sum, [, cores]) => sum + perSaga(cores * seconds * 1000), 0),
        1,
      ),
      ...cpuMsPerSaga,
    },
    commits_per_saga: round(commitsPerSaga, 2),
    ceiling_ratio: round((sagasPerS * commitsPerSaga) / pg.tps, 3),
    command:
      `npm run -s build && node dist/bench/order-saga.js --concurrency=${concurrency} --warmup=${warmup}` +
      ` --duration=${duration} --latency-duration=${latencyDuration} --pgbench-seconds=${pgSeconds}`,
    saturation: {
      concurrency,
      warmup_s: warmup,
      duration_s: round(seconds, 2),
      outcomes: tally(window),
      latency_ms: {
        p50: percentile(satLatency, 50),
        p95: percentile(satLatency, 95),
        p99: percentile(satLatency, 99),
      },
      commits_total: commits.total,
      commits_per_db: commits.perDb,
      cpu_cores: cpu.cores,
      rss_mib: mem.rss_mib,
      machine_busy_pct: cpu.machine_busy_pct,
      unattributed_cores: cpu.unattributed_cores,
      consumer_group_members: { before: membersBefore, after: membersAfter },
      consumer_lag_at_end: lagAtEnd,
    },
    latency_phase: {
      offered_rate_per_s: rate,
      duration_s: latencyDuration,
      sagas: latencyRecords.length,
      outcomes: tally(latencyRecords),
      max_ms: latencies[latencies.length - 1],
    },
    background: {
      commits_per_s_idle: round(idleCommitsPerS),
      commits_per_saga_net_of_idle: round(
        (commits.total - idleCommitsPerS * seconds) / Math.max(1, finished.length),
        2,
      ),
      cpu_cores_idle: idleCpu.cores,
      machine_busy_pct_idle: idleCpu.machine_busy_pct,
    },
    pgbench: { command: pg.command, transactions: pg.transactions, scale: 10 },
    service_env: serviceEnv(SERVICES, ['LOG_LEVEL', 'GAVEL_LOG_SHIPPING']),
    shared_processes: sharedProcesses(),
    measured_at: new Date().toISOString(),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (write) process.stdout.write(`→ ${writeResult('order-saga.json', result)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
