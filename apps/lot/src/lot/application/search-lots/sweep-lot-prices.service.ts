import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { intEnv } from '@app/common';
import { LOT_SEARCH_INDEX, LotSearchDoc, LotSearchIndex } from './lot-search.port';

const PAGE = 500;
/** Lots changed this long before the last sweep's newest change are read again (a commit that was in flight). */
const OVERLAP_MS = 5_000;

/**
 * Keeps each lot's current price, bid count and end in the search index: every GAVEL_LOT_SEARCH_SWEEP_MS
 * (1 s; 0 = off) it reads the lots whose row changed since the last sweep (by `updated_at`, with a few
 * seconds of overlap) and sends them as one bulk update. The index lags the lot by at most about a
 * second, and a bidding war costs one update per lot per second instead of one per bid. After a start it
 * first sweeps the last hour (GAVEL_LOT_SEARCH_SWEEP_LOOKBACK_S). Several replicas sweeping the same lots
 * write the same absolute values. OpenSearch down: the sweep is retried from the same point.
 *
 * A lot read again only because it falls in the overlap is not sent again when what the index got last
 * time is what it would get now: an idle system sends nothing (it used to rewrite the lots of the last
 * five seconds before the newest change every second, for ever, each a no-op update in OpenSearch).
 * A patch the index answered "no such document" to (the lot's creation not indexed yet) is sent again.
 */
@Injectable()
export class SweepLotPricesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepLotPricesService.name);
  private readonly everyMs = intEnv('GAVEL_LOT_SEARCH_SWEEP_MS', 1_000);
  private cursor = new Date(Date.now() - intEnv('GAVEL_LOT_SEARCH_SWEEP_LOOKBACK_S', 3_600) * 1000);
  /** What each lot in the overlap was last sent as (a key of its fields), and the change it was read at. */
  private readonly sent = new Map<string, { key: string; updatedAt: number }>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOT_SEARCH_INDEX) private readonly index: LotSearchIndex,
  ) {}

  onApplicationBootstrap(): void {
    if (process.env.GAVEL_LOT_SEARCH === 'false' || this.everyMs <= 0) return;
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((e: Error) => this.logger.warn({ message: 'search price sweep failed', error: e.message }))
        .finally(() => this.schedule());
    }, this.everyMs);
  }

  /** One sweep; returns how many lots it sent. */
  async sweep(): Promise<number> {
    let since = new Date(this.cursor.getTime() - OVERLAP_MS);
    let newest = this.cursor;
    let sent = 0;
    for (;;) {
      const rows: {
        id: string;
        current_price: string | null;
        start_price: string;
        bid_count: number;
        ends_at: Date;
        updated_at: Date;
      }[] = await this.dataSource.query(
        `SELECT id, current_price, start_price, bid_count, ends_at, updated_at FROM lots
          WHERE updated_at > $1 ORDER BY updated_at LIMIT ${PAGE}`,
        [since],
      );
      if (rows.length === 0) break;
      const patches = new Map<string, Partial<LotSearchDoc>>();
      const keys = new Map<string, { key: string; updatedAt: number }>();
      for (const r of rows) {
        const doc = {
          currentPrice: Number(r.current_price ?? r.start_price),
          bidCount: r.bid_count,
          endsAt: r.ends_at.toISOString(),
        };
        const key = `${doc.currentPrice}|${doc.bidCount}|${doc.endsAt}`;
        if (this.sent.get(r.id)?.key === key) continue;
        patches.set(r.id, doc);
        keys.set(r.id, { key, updatedAt: r.updated_at.getTime() });
      }
      const missing = await this.index.patchMany(patches);
      for (const [id, k] of keys) if (!missing.has(id)) this.sent.set(id, k);
      sent += patches.size;
      since = rows[rows.length - 1].updated_at;
      if (since > newest) newest = since;
      if (rows.length < PAGE) break;
    }
    this.cursor = newest;
    // only lots the next sweep reads again need remembering
    const horizon = newest.getTime() - OVERLAP_MS;
    for (const [id, k] of this.sent) if (k.updatedAt <= horizon) this.sent.delete(id);
    return sent;
  }
}
