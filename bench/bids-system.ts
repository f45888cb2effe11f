/**
 * The bids benchmark's own services: built `dist/apps/<svc>/src/main.js` as OS processes on free ports,
 * wired by GAVEL_<SVC>_URL / GAVEL_<SVC>_PORT exactly like test/e2e/system.ts's System (which is not part
 * of the build, so `dist/bench` cannot import it). Each pid is written to `.gavel/run/bids-<svc>.pid` so
 * proc-cpu.ts can sample it, and removed on stop.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { RUN_DIR } from './proc-cpu';

const ROOT = path.resolve(__dirname, '../..');
export const BID_SERVICES = [
  'orchestrator',
  'wallet',
  'payment',
  'warehouse',
  'delivery',
  'lot',
  'gateway',
] as const;
export type BidService = (typeof BID_SERVICES)[number];
export const PID_PREFIX = 'bids-';

const envName = (svc: string, suffix: string): string =>
  `GAVEL_${svc.toUpperCase().replace(/-/g, '_')}_${suffix}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      server.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function untilUp(name: string, url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode}; see .gavel/logs/bench-bids/${name}.log`);
    try {
      if ((await fetch(`${url}/metrics`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${name} did not answer on ${url}/metrics within ${timeoutMs} ms`);
}

export class BidsSystem {
  private readonly ports = new Map<BidService, number>();
  private readonly procs = new Map<BidService, ChildProcess>();
  private readonly logDir = path.join(ROOT, '.gavel/logs/bench-bids');

  constructor(private readonly env: Record<string, string>) {}

  url(name: BidService): string {
    const port = this.ports.get(name);
    if (!port) throw new Error(`${name} has no port`);
    return `http://127.0.0.1:${port}`;
  }

  pids(): Record<string, number> {
    return Object.fromEntries([...this.procs].map(([n, c]) => [n, c.pid ?? 0]));
  }

  /** Participants first, the gateway last (it needs the others' URLs, and they must be consuming). */
  async start(): Promise<void> {
    mkdirSync(this.logDir, { recursive: true });
    mkdirSync(RUN_DIR, { recursive: true });
    for (const s of BID_SERVICES) this.ports.set(s, await freePort());
    await Promise.all(BID_SERVICES.filter((s) => s !== 'gateway').map((s) => this.startOne(s)));
    await this.startOne('gateway');
  }

  private async startOne(name: BidService): Promise<void> {
    const wiring: Record<string, string> = {};
    for (const [svc, port] of this.ports) wiring[envName(svc, 'URL')] = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      ...wiring,
      ...this.env,
      [envName(name, 'PORT')]: String(this.ports.get(name)),
    };
    // GAVEL_BENCH_NODE_ARGS: extra node flags for the services (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
    const nodeArgs = (process.env.GAVEL_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, `dist/apps/${name}/src/main.js`)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(path.join(this.logDir, `${name}.log`), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.procs.set(name, child);
    if (child.pid) writeFileSync(path.join(RUN_DIR, `${PID_PREFIX}${name}.pid`), `${child.pid}\n`);
    await untilUp(name, this.url(name), child, 90_000);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.procs].map(
        ([name, child]) =>
          new Promise<void>((resolve) => {
            rmSync(path.join(RUN_DIR, `${PID_PREFIX}${name}.pid`), { force: true });
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    this.procs.clear();
  }
}
