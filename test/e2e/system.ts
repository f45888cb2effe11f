import { freePort, ServiceProcess, spawnService } from '../support/apps';
import { waitFor } from '../support/env';

export const PARTICIPANTS = ['wallet', 'payment', 'warehouse', 'delivery'] as const;
export type ServiceName =
  'gateway' | 'orchestrator' | 'notification' | 'lot' | 'telegram-alerter' | (typeof PARTICIPANTS)[number];

const envName = (svc: string, suffix: string) => `GAVEL_${svc.toUpperCase().replace(/-/g, '_')}_${suffix}`;

/**
 * The whole system as real OS processes (built `dist/`), on free ports, wired by environment like a
 * deployment: each service its own process and database, Kafka and Debezium in between.
 */
export class System {
  readonly services = new Map<ServiceName, ServiceProcess>();
  private readonly ports = new Map<ServiceName, number>();

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(names: ServiceName[]): Promise<void> {
    await this.reserve(names);
    await Promise.all(names.map((n) => this.startOne(n)));
  }

  /** Gives services their ports before any starts, so every process is wired to all of them. */
  async reserve(names: ServiceName[]): Promise<void> {
    for (const name of names) if (!this.ports.has(name)) this.ports.set(name, await freePort());
  }

  /**
   * Runs `names` together in one host process (`dist/apps/host`, as `scripts/services.sh` does locally),
   * each on its own port; resolves when every one of them answers its health check.
   */
  async startShared(names: ServiceName[], extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    await this.reserve(names);
    const ports = Object.fromEntries(names.map((n) => [envName(n, 'PORT'), String(this.ports.get(n))]));
    const proc = await spawnService('host', this.ports.get(names[0]) ?? 0, {
      GAVEL_LOG_SHIPPING: 'off',
      ...this.wiring(),
      ...this.env,
      ...ports,
      GAVEL_HOST_SERVICES: names.join(','),
      GAVEL_HOST_NAME: 'participants',
      ...extraEnv,
    });
    for (const name of names) {
      await waitFor(
        `${name} in the shared process`,
        async () => (await fetch(`${this.url(name)}/health/ready`)).ok,
      );
      this.services.set(name, proc);
    }
    return proc;
  }

  url(name: ServiceName): string {
    const port = this.ports.get(name);
    if (!port) throw new Error(`${name} has no port`);
    return `http://127.0.0.1:${port}`;
  }

  private wiring(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, port] of this.ports) out[envName(name, 'URL')] = `http://127.0.0.1:${port}`;
    return out;
  }

  async startOne(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = this.ports.get(name) ?? (await freePort());
    this.ports.set(name, port);
    const proc = await spawnService(name, port, {
      GAVEL_LOG_SHIPPING: 'off',
      ...this.wiring(),
      ...this.env,
      ...extraEnv,
    });
    this.services.set(name, proc);
    return proc;
  }

  async kill(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.services.get(name)?.kill(signal);
    this.services.delete(name);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.keys()].map((n) => this.kill(n, 'SIGTERM')));
  }
}
