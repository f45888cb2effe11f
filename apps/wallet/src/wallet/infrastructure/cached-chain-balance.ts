import { ChainBalancePort, ChainUnavailableError } from '../domain/chain-balance.port';

const MAX_ENTRIES = 10_000;

interface Entry {
  wei: bigint;
  at: number;
}

/**
 * Wraps a ChainBalancePort: a balance is reused for `ttlMs`; concurrent reads of one address share a
 * call; after a failure every call fails at once for `retryAfterMs`, so a burst of bids against a dead
 * node costs one timeout, not one each. `now` is injectable for tests.
 */
export class CachedChainBalance implements ChainBalancePort {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<bigint>>();
  private failure?: { reason: string; until: number };

  constructor(
    private readonly inner: ChainBalancePort,
    private readonly ttlMs: number,
    private readonly retryAfterMs: number,
    private readonly now: () => number = Date.now,
    private readonly dispose: () => void = () => undefined,
  ) {}

  balanceOf(address: string): Promise<bigint> {
    const key = address.toLowerCase();
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return Promise.resolve(cached.wei);
    if (this.failure && this.now() < this.failure.until) {
      return Promise.reject(
        new ChainUnavailableError(`${this.failure.reason} (not retried for ${this.retryAfterMs} ms)`),
      );
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    if (this.cache.size >= MAX_ENTRIES) this.evictExpired();
    const call = this.inner
      .balanceOf(address)
      .then((wei) => {
        this.cache.set(key, { wei, at: this.now() });
        this.failure = undefined;
        return wei;
      })
      .catch((e: unknown) => {
        const reason = e instanceof Error ? e.message : String(e);
        this.failure = { reason, until: this.now() + this.retryAfterMs };
        throw e instanceof ChainUnavailableError ? e : new ChainUnavailableError(reason);
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, call);
    return call;
  }

  /** Forgets every cached balance and failure. */
  clear(): void {
    this.cache.clear();
    this.failure = undefined;
  }

  /** Called by Nest on shutdown: releases the inner provider. */
  onModuleDestroy(): void {
    this.dispose();
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.cache) if (now - entry.at >= this.ttlMs) this.cache.delete(key);
  }
}
