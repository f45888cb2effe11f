import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import type { LotReplicasConfig } from '../../../gateway.config';
import { lotFallbacks } from './lot-routing.metrics';
import { rendezvousOrder } from './rendezvous';

/** A host name's addresses (IPv4 or IPv6). */
export type ResolveAll = (host: string) => Promise<string[]>;

const resolveAll: ResolveAll = async (host) => (await dns.lookup(host, { all: true })).map((a) => a.address);

export interface LotReplicasOptions {
  /** How long a replica that refused or dropped a connection is tried only after the others. */
  downMs: number;
  resolve?: ResolveAll;
  now?: () => number;
}

/**
 * The lot service's replicas as the gateway sees them, and the order to try them in for a call. A call
 * about one lot tries the lot's rendezvous order over the current set (its owner first); any other
 * call takes the replicas in turn. Replicas marked down (a refused or dropped connection) come after
 * the others until `downMs` has passed, so a dead owner's lots go straight to their next replica.
 *
 * With DNS discovery the set is the sorted addresses of the headless Service's name, resolved at start
 * and every `refreshMs`; when a resolution fails or finds nothing the last good set is kept (before
 * the first good one, the name itself is the only replica).
 */
export class LotReplicas implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LotReplicas.name);
  private known: string[];
  private readonly downUntil = new Map<string, number>();
  private turn = 0;
  private timer?: NodeJS.Timeout;
  private refreshing = false;
  private failing = false;
  private readonly resolve: ResolveAll;
  private readonly now: () => number;

  constructor(
    private readonly config: LotReplicasConfig,
    private readonly options: LotReplicasOptions,
  ) {
    this.known = config.kind === 'static' ? [...config.urls] : [];
    this.resolve = options.resolve ?? resolveAll;
    this.now = options.now ?? Date.now;
  }

  async onModuleInit(): Promise<void> {
    if (this.config.kind !== 'dns') return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.refreshMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The current set, sorted. */
  replicas(): string[] {
    if (this.known.length > 0 || this.config.kind !== 'dns') return this.known;
    return [`http://${this.config.host}:${this.config.port}`];
  }

  /** Replicas to try for a call, in order: the lot's rendezvous order, or the next in turn; down ones last. */
  orderFor(lotId?: string): string[] {
    const set = this.replicas();
    const order =
      lotId === undefined ? rotate(set, this.turn++ % Math.max(1, set.length)) : rendezvousOrder(lotId, set);
    const now = this.now();
    const down = (url: string) => (this.downUntil.get(url) ?? 0) > now;
    const firstUp = order.findIndex((u) => !down(u));
    if (firstUp <= 0) return order; // its first replica is up, or every one is down: tried in order
    for (const replica of order.slice(0, firstUp)) lotFallbacks.inc({ replica, reason: 'down' });
    return [...order.filter((u) => !down(u)), ...order.filter(down)];
  }

  markDown(url: string): void {
    this.downUntil.set(url, this.now() + this.options.downMs);
  }

  isDown(url: string): boolean {
    return (this.downUntil.get(url) ?? 0) > this.now();
  }

  /** Resolves the discovery name again; keeps the last good set when that fails or finds nothing. */
  async refresh(): Promise<void> {
    if (this.config.kind !== 'dns' || this.refreshing) return;
    const { host, port } = this.config;
    this.refreshing = true;
    try {
      const addresses = [...new Set(await this.resolve(host))].sort();
      if (addresses.length === 0) throw new Error(`${host} has no addresses`);
      const urls = addresses.map((a) => `http://${a.includes(':') ? `[${a}]` : a}:${port}`);
      if (urls.join() !== this.known.join()) {
        this.logger.log({ message: `lot replicas: ${urls.length}`, replicas: urls, previous: this.known });
        this.known = urls;
        for (const url of this.downUntil.keys()) if (!urls.includes(url)) this.downUntil.delete(url);
      }
      this.failing = false;
    } catch (e) {
      if (!this.failing) {
        this.logger.warn({
          message: `lot replicas: ${host} did not resolve; keeping the last good set`,
          error: e instanceof Error ? e.message : String(e),
          replicas: this.known,
        });
      }
      this.failing = true;
    } finally {
      this.refreshing = false;
    }
  }
}

function rotate<T>(list: readonly T[], by: number): T[] {
  return [...list.slice(by), ...list.slice(0, by)];
}
