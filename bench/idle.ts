/**
 * The idle system: every server and service up, no load at all. Waits `--settle` seconds (start-up
 * work, consumer group joins), then samples CPU per process and resident memory for `--duration`
 * seconds and writes bench/results/idle.json (or .gavel/reports/idle.json with --report; nothing with
 * --write=0, as the other benches). With `--jvm-min-age=S` it also waits, after the settle, until Kafka,
 * Connect and OpenSearch have run for S seconds: a JVM's compilers keep working at idle for about ten
 * minutes after its start (measured: the same system at 3.7–4.7 % with JVMs 9–40 minutes old, 5.8 % with
 * Kafka and Connect 3–8 minutes old, their C2 threads at 5–16 ms/s), and that is start-up, not idling.
 * cpu_pct_of_machine is the system's processes' CPU as a share of all cores; machine_busy_pct is the
 * whole box (anything else running on it included).
 *
 *   node dist/bench/idle.js --settle=20 --duration=60
 */
import { execFileSync } from 'node:child_process';
import { DefaultPorts } from '@app/common';
import {
  cpuBetween,
  MemorySampler,
  procStartMs,
  runningPids,
  runningServices,
  sampleCpu,
  serviceEnv,
  sharedProcesses,
} from './proc-cpu';
import { arg, round, writeReport, writeResult } from './support';

/** Every service of the local system (infra/ports.json, via its generated DefaultPorts). */
const SERVICES = Object.keys(DefaultPorts);
/** The servers that run on a JVM (their pid files' names). */
const JVM_SERVERS = ['kafka', 'connect', 'opensearch'];

/** Seconds each JVM server has been running, by name (those not running are left out). */
function jvmAges(): Record<string, number> {
  const pids = runningPids();
  const ages: Record<string, number> = {};
  for (const name of JVM_SERVERS) {
    const pid = pids.get(name);
    const started = pid === undefined ? undefined : procStartMs(pid);
    if (started !== undefined) ages[name] = Math.round((Date.now() - started) / 1000);
  }
  return ages;
}

async function main(): Promise<void> {
  const settle = arg('settle', 20);
  const duration = arg('duration', 60);
  const jvmMinAge = arg('jvm-min-age', 0);
  const running = [...runningServices().keys()];
  const missing = SERVICES.filter((s) => !running.includes(s));
  if (missing.length) throw new Error(`not running: ${missing.join(', ')} (bash scripts/services.sh up)`);

  await new Promise((r) => setTimeout(r, settle * 1000));
  const youngest = Math.min(jvmMinAge, ...Object.values(jvmAges()));
  if (youngest < jvmMinAge) {
    console.error(`[idle] a JVM server is ${youngest} s old: waiting ${jvmMinAge - youngest} s more`);
    await new Promise((r) => setTimeout(r, (jvmMinAge - youngest) * 1000));
  }
  const jvmAgeAtStart = jvmAges();
  const memory = new MemorySampler(2000).start();
  const a = sampleCpu();
  await new Promise((r) => setTimeout(r, duration * 1000));
  const b = sampleCpu();
  const mem = memory.stop();
  const cpu = cpuBetween(a, b, 3);
  const benchCores = cpu.cores.bench ?? 0;
  delete cpu.cores.bench;
  const rssTotal = Object.entries(mem.rss_mib)
    .filter(([name]) => name !== 'bench')
    .reduce((sum, [, v]) => sum + v.avg, 0);
  // The system's own processes (servers and services); the rest of the box (this script, other
  // work, the kernel) is reported beside it as machine_busy_pct and unattributed_cores.
  const attributed = cpu.attributed_cores - benchCores;
  const result = {
    cpu_pct_of_machine: round((attributed / cpu.ncpu) * 100, 1),
    cpu_cores_total: round(attributed, 3),
    cpu_cores: cpu.cores,
    machine_busy_pct: cpu.machine_busy_pct,
    unattributed_cores: cpu.unattributed_cores,
    rss_mib_total: round(rssTotal, 0),
    rss_mib: Object.fromEntries(
      Object.entries(mem.rss_mib)
        .filter(([name]) => name !== 'bench')
        .map(([name, v]) => [name, v.avg]),
    ),
    settle_s: settle,
    duration_s: duration,
    jvm_min_age_s: jvmMinAge,
    jvm_age_s: jvmAgeAtStart,
    service_env: serviceEnv(SERVICES, ['LOG_LEVEL', 'GAVEL_LOG_SHIPPING']),
    shared_processes: sharedProcesses(),
    machine: { cores: Number(execFileSync('nproc').toString().trim()) },
    command:
      'bash scripts/bench.sh (after its CDC run, before the order and bid loads: ' +
      `bash scripts/services.sh up && node dist/bench/idle.js --settle=${settle} --duration=${duration} ` +
      `--jvm-min-age=${jvmMinAge})`,
    measured_at: new Date().toISOString(),
  };
  console.log(JSON.stringify({ ...result, service_env: undefined }, null, 2));
  if (arg('write', 1) !== 1) return;
  const file = process.argv.includes('--report')
    ? writeReport('idle.json', result)
    : writeResult('idle.json', result);
  console.error(`[idle] written ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
