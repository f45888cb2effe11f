/**
 * CPU and memory per process from /proc: utime+stime ticks of each Gavel service (pids in .gavel/run/*.pid), of
 * every PostgreSQL process (postmaster and backends, summed), of Kafka, Kafka Connect and the other
 * stack servers, of this benchmark process, and of the whole machine (/proc/stat). A delta between two
 * samples gives cores used (1.0 = one core fully busy). `MemorySampler` records resident memory over a
 * window: VmRSS of each process, and for PostgreSQL the sum of its processes' PSS (proportional set size,
 * so shared buffers are counted once rather than once per backend).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const CLK_TCK = 100;
/** PostgreSQL backends come and go: each is sampled by pid and summed as `postgres`. */
const PG_PREFIX = 'postgres:';
export const RUN_DIR = path.resolve(__dirname, '../../.gavel/run');

export interface CpuSample {
  at: number;
  /** name → ticks */
  ticks: Map<string, number>;
  machineBusy: number;
  machineTotal: number;
}

function procTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of stat)
  } catch {
    return undefined;
  }
}

function procComm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** When the process started (epoch ms), from its start time in clock ticks after boot. */
export function procStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]); // field 22 of stat
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return btime * 1000 + (startTicks / CLK_TCK) * 1000;
  } catch {
    return undefined;
  }
}

/**
 * name → pid for every pid file in .gavel/run whose process is alive. A pid file older than its
 * process is stale (the pid was reused by another process after the one it named ended) and skipped,
 * so nothing is counted twice.
 */
export function runningPids(): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync(RUN_DIR)) return out;
  for (const file of readdirSync(RUN_DIR)) {
    if (!file.endsWith('.pid')) continue;
    const pidFile = path.join(RUN_DIR, file);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || procTicks(pid) === undefined) continue;
    const started = procStartMs(pid);
    if (started !== undefined && started > statSync(pidFile).mtimeMs + 2_000) continue;
    out.set(file.slice(0, -4), pid);
  }
  return out;
}

function machine(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = cpu[3] + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

export function sampleCpu(): CpuSample {
  const ticks = new Map<string, number>();
  for (const [name, pid] of runningPids()) {
    if (name === 'postgres') continue;
    const t = procTicks(pid);
    if (t !== undefined) ticks.set(name, t);
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || procComm(Number(entry)) !== 'postgres') continue;
    const t = procTicks(Number(entry));
    if (t !== undefined) ticks.set(`${PG_PREFIX}${entry}`, t);
  }
  ticks.set('bench', procTicks(process.pid) ?? 0);
  const m = machine();
  return { at: Date.now(), ticks, machineBusy: m.busy, machineTotal: m.total };
}

export interface CpuUsage {
  /** name → cores used between the two samples */
  cores: Record<string, number>;
  machine_busy_pct: number;
  /** busy machine time not attributed to any listed process (others' tests, kernel, ...), in cores */
  unattributed_cores: number;
  /** the listed processes together, in cores (unrounded sum) */
  attributed_cores: number;
  ncpu: number;
}

/** CPU per process between two samples, each rounded to `decimals` places of a core. */
export function cpuBetween(a: CpuSample, b: CpuSample, decimals = 2): CpuUsage {
  const scale = 10 ** decimals;
  const seconds = (b.at - a.at) / 1000;
  const cores: Record<string, number> = {};
  let attributed = 0;
  const used = new Map<string, number>();
  for (const [key, end] of b.ticks) {
    const pg = key.startsWith(PG_PREFIX);
    const start = a.ticks.get(key) ?? (pg ? 0 : undefined); // a new backend counts from zero
    if (start === undefined || end < start) continue; // a service restarted meanwhile
    const name = pg ? 'postgres' : key;
    used.set(name, (used.get(name) ?? 0) + (end - start) / CLK_TCK / seconds);
  }
  for (const [name, value] of used) {
    cores[name] = Math.round(value * scale) / scale;
    attributed += value;
  }
  const busyShare = (b.machineBusy - a.machineBusy) / Math.max(1, b.machineTotal - a.machineTotal);
  const ncpu = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d/.test(l)).length;
  const sorted = Object.fromEntries(Object.entries(cores).sort((x, y) => y[1] - x[1]));
  return {
    cores: sorted,
    machine_busy_pct: Math.round(busyShare * 1000) / 10,
    unattributed_cores: Math.round((busyShare * ncpu - attributed) * scale) / scale,
    attributed_cores: attributed,
    ncpu,
  };
}

function environOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

/**
 * service → the running process (its pid file's name) that serves it: a service's own process, or a
 * host process (apps/host, e.g. `participants`) for each service in its GAVEL_HOST_SERVICES.
 */
export function runningServices(): Map<string, { process: string; pid: number }> {
  const out = new Map<string, { process: string; pid: number }>();
  for (const [name, pid] of runningPids()) {
    const hosted = environOf(pid)
      ?.find((e) => e.startsWith('GAVEL_HOST_SERVICES='))
      ?.slice('GAVEL_HOST_SERVICES='.length);
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    })();
    const services = hosted && cmdline.includes('dist/apps/host/') ? hosted.split(',') : [name];
    for (const service of services) out.set(service.trim(), { process: name, pid });
  }
  return out;
}

/** The processes that run several services: process name → its services (none when each runs alone). */
export function sharedProcesses(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [service, { process }] of runningServices()) {
    if (process !== service) (out[process] ??= []).push(service);
  }
  return out;
}

/** Selected environment variables of each running service (LOG_LEVEL, GAVEL_LOG_SHIPPING), "unset" if absent. */
export function serviceEnv(names: string[], vars: string[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, { pid }] of runningServices()) {
    if (!names.includes(name)) continue;
    const environ = environOf(pid);
    if (!environ) continue;
    out[name] = Object.fromEntries(
      vars.map((v) => [v, environ.find((e) => e.startsWith(`${v}=`))?.slice(v.length + 1) ?? 'unset']),
    );
  }
  return out;
}

const KIB = 1024; // /proc/<pid>/status and smaps_rollup report kB

function kbField(text: string, field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * KIB : undefined;
}

function rssBytes(pid: number): number | undefined {
  try {
    return kbField(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
  } catch {
    return undefined;
  }
}

function pssBytes(pid: number): number | undefined {
  try {
    return kbField(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
  } catch {
    return rssBytes(pid);
  }
}

/** name → resident bytes now: every service/stack server in .gavel/run, `postgres` (summed PSS), this process. */
export function sampleMemory(): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, pid] of runningPids()) {
    if (name === 'postgres') continue;
    const b = rssBytes(pid);
    if (b !== undefined) out.set(name, b);
  }
  let pg = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || procComm(Number(entry)) !== 'postgres') continue;
    pg += pssBytes(Number(entry)) ?? 0;
  }
  if (pg > 0) out.set('postgres', pg);
  out.set('bench', process.memoryUsage.rss());
  return out;
}

export interface MemoryUsage {
  /** name → { avg, max } resident MiB over the window */
  rss_mib: Record<string, { avg: number; max: number }>;
  samples: number;
}

/** Samples resident memory every `everyMs` between start() and stop(). */
export class MemorySampler {
  private readonly sums = new Map<string, { total: number; n: number; max: number }>();
  private timer?: NodeJS.Timeout;
  private samples = 0;

  constructor(private readonly everyMs = 1000) {}

  start(): this {
    this.take();
    this.timer = setInterval(() => this.take(), this.everyMs);
    this.timer.unref();
    return this;
  }

  stop(): MemoryUsage {
    if (this.timer) clearInterval(this.timer);
    this.take();
    const mib = (b: number): number => Math.round((b / 1048576) * 10) / 10;
    const rows = [...this.sums.entries()].sort((a, b) => b[1].max - a[1].max);
    return {
      rss_mib: Object.fromEntries(
        rows.map(([name, s]) => [name, { avg: mib(s.total / s.n), max: mib(s.max) }]),
      ),
      samples: this.samples,
    };
  }

  private take(): void {
    this.samples++;
    for (const [name, bytes] of sampleMemory()) {
      const s = this.sums.get(name) ?? { total: 0, n: 0, max: 0 };
      s.total += bytes;
      s.n++;
      s.max = Math.max(s.max, bytes);
      this.sums.set(name, s);
    }
  }
}
