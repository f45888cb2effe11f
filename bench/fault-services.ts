/**
 * A fault run's own services: built `dist/apps/<svc>/src/main.js` as OS processes, N replicas per service
 * on distinct free loopback ports, in the same consumer groups (a group is named after the service, not
 * the process), each replica its own process, log (`.gavel/logs/<run>/<svc>-<i>.log`) and pid file
 * (`.gavel/run/<run>-<svc>-<i>.pid`, for proc-cpu.ts). Every service has one address, a round-robin
 * port in front of its replicas (bench/round-robin.ts), and GAVEL_<SVC>_URL points every process at it,
 * as a deployment's Service would. A gateway with more than one lot replica also gets their addresses
 * (GAVEL_LOT_URLS), as the Helm chart's headless Service gives them, and routes each lot to the replica
 * that owns it. The standing default-port services are not touched.
 *
 * Faults: SIGKILL one replica or all of a service, start them again, or hold a service down for a while.
 * A replica that exits without being killed by the run is started again after 2 s, as a supervisor
 * would, and counted (`unexpectedExits`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { RoundRobin } from './round-robin';

const ROOT = path.resolve(__dirname, '../..');
const RUN_DIR = path.join(ROOT, '.gavel/run');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const envName = (svc: string, suffix: string): string =>
  `GAVEL_${svc.toUpperCase().replace(/-/g, '_')}_${suffix}`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      server.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export interface FaultServicesOptions {
  /** Names the log directory and the pid files: `faults`, `outage`. */
  run: string;
  /** Services in start order with their replica counts; the gateway, if any, starts after the others. */
  replicas: Record<string, number>;
  /** Extra environment for every process (saga timeouts, log level). */
  env: Record<string, string>;
  log: (message: string) => void;
}

interface Replica {
  port: number;
  child?: ChildProcess;
  /** Killed or stopped on purpose: its exit is not restarted. */
  down: boolean;
}

export class FaultServices {
  private readonly replicas = new Map<string, Replica[]>();
  private readonly proxies = new Map<string, { port: number; rr: RoundRobin }>();
  private readonly logDir: string;
  private stopping = false;
  /** Exits nobody asked for, by `<svc>-<i>`. */
  readonly unexpectedExits: Record<string, number> = {};

  constructor(private readonly options: FaultServicesOptions) {
    this.logDir = path.join(ROOT, '.gavel/logs', options.run);
  }

  get services(): string[] {
    return Object.keys(this.options.replicas);
  }

  /** The service's address (its round-robin port). */
  url = (svc: string): string => `http://127.0.0.1:${this.proxies.get(svc)?.port}`;

  replicaUrl = (svc: string, i: number): string => `http://127.0.0.1:${this.replica(svc, i).port}`;

  replicaCount = (svc: string): number => this.replicas.get(svc)?.length ?? 0;

  pids(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [svc, list] of this.replicas)
      list.forEach((r, i) => r.child?.pid && (out[`${svc}-${i}`] = r.child.pid));
    return out;
  }

  /** Ports and addresses first (every process learns every address), then the processes, the gateway last. */
  async startAll(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    mkdirSync(RUN_DIR, { recursive: true });
    for (const [svc, n] of Object.entries(this.options.replicas)) {
      const list: Replica[] = [];
      for (let i = 0; i < n; i++) list.push({ port: await freePort(), down: true });
      this.replicas.set(svc, list);
      const rr = new RoundRobin(() => list.map((r) => r.port));
      const port = await freePort();
      await rr.listen(port);
      this.proxies.set(svc, { port, rr });
    }
    const first = this.services.filter((s) => s !== 'gateway');
    await Promise.all(first.map((s) => this.up(s)));
    if (this.replicas.has('gateway')) await this.up('gateway');
  }

  /** Starts replica i and waits until it answers /metrics; returns the seconds that took. */
  async startReplica(svc: string, i: number): Promise<number> {
    const r = this.replica(svc, i);
    const t0 = Date.now();
    r.down = false;
    this.spawn(svc, i);
    await until(
      `${svc}-${i} healthy`,
      async () =>
        (await fetch(`${this.replicaUrl(svc, i)}/metrics`, { signal: AbortSignal.timeout(2_000) })).ok,
      180_000,
    );
    return (Date.now() - t0) / 1000;
  }

  /** SIGKILL, and waits for the exit. */
  async killReplica(svc: string, i: number): Promise<void> {
    const r = this.replica(svc, i);
    r.down = true;
    const child = r.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Every replica SIGKILLed: the service is down. */
  async down(svc: string): Promise<void> {
    await Promise.all(this.replicas.get(svc)!.map((_, i) => this.killReplica(svc, i)));
  }

  /** Every replica started; returns the seconds until all answer. */
  async up(svc: string): Promise<number> {
    const t0 = Date.now();
    await Promise.all(
      this.replicas.get(svc)!.map((r, i) => (r.down ? this.startReplica(svc, i) : undefined)),
    );
    return (Date.now() - t0) / 1000;
  }

  /** Down (SIGKILL) for `ms`, then up again; `during` runs while it is down. Epoch ms of each moment. */
  async holdDown(
    svc: string,
    ms: number,
    during?: () => Promise<void>,
  ): Promise<{ downAt: number; startedAt: number; healthyAt: number }> {
    const downAt = Date.now();
    await this.down(svc);
    await Promise.all([sleep(ms), during?.()]);
    const startedAt = Date.now();
    await this.up(svc);
    return { downAt, startedAt, healthyAt: Date.now() };
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    const all = [...this.replicas].flatMap(([svc, list]) => list.map((r, i) => ({ svc, i, r })));
    await Promise.all(
      all.map(async ({ svc, i, r }) => {
        r.down = true;
        const child = r.child;
        if (child && child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          if (!(await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])))
            child.kill('SIGKILL');
        }
        rmSync(this.pidFile(svc, i), { force: true });
      }),
    );
    await Promise.all([...this.proxies.values()].map((p) => p.rr.close()));
  }

  private spawn(svc: string, i: number): void {
    const r = this.replica(svc, i);
    const wiring: Record<string, string> = {};
    for (const s of this.services) wiring[envName(s, 'URL')] = this.url(s);
    if (svc === 'gateway' && this.replicaCount('lot') > 1) {
      const lots = Array.from({ length: this.replicaCount('lot') }, (_, j) => this.replicaUrl('lot', j));
      wiring.GAVEL_LOT_URLS = lots.join(',');
    }
    const env = {
      ...process.env,
      GAVEL_LOG_SHIPPING: 'off',
      GAVEL_KAFKA_SESSION_TIMEOUT_MS: '10000',
      ...wiring,
      ...this.options.env,
      [envName(svc, 'PORT')]: String(r.port),
    };
    const child = spawn(process.execPath, [path.join(ROOT, `dist/apps/${svc}/src/main.js`)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = createWriteStream(path.join(this.logDir, `${svc}-${i}.log`), { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    r.child = child;
    if (child.pid) writeFileSync(this.pidFile(svc, i), `${child.pid}\n`);
    child.once('exit', (code, signal) => {
      if (r.down || this.stopping || r.child !== child) return;
      const key = `${svc}-${i}`;
      this.unexpectedExits[key] = (this.unexpectedExits[key] ?? 0) + 1;
      this.options.log(`${key} exited by itself (${signal ?? code}); starting it again in 2 s`);
      setTimeout(() => !r.down && !this.stopping && r.child === child && this.spawn(svc, i), 2_000);
    });
  }

  private replica(svc: string, i: number): Replica {
    const r = this.replicas.get(svc)?.[i];
    if (!r) throw new Error(`no replica ${svc}-${i}`);
    return r;
  }

  private pidFile(svc: string, i: number): string {
    return path.join(RUN_DIR, `${this.options.run}-${svc}-${i}.pid`);
  }
}

export async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}
