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
 */
@Injectable()
export class SweepLotPricesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepLotPricesService.name);
  private readonly everyMs = intEnv('GAVEL_LOT_SEARCH_SWEEP_MS', 1_000);
  private cursor = new Date(Date.now() - intEnv('GAVEL_LOT_SEARCH_SWEEP_LOOKBACK_S', 3_600) * 1000);
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
      const patches = new Map<string, Partial<LotSearchDoc>>(
        rows.map((r) => [
          r.id,
          {
            currentPrice: Number(r.current_price ?? r.start_price),
            bidCount: r.bid_count,
            endsAt: r.ends_at.toISOString(),
          },
        ]),
      );
      await this.index.patchMany(patches);
      sent += rows.length;
      since = rows[rows.length - 1].updated_at;
      if (since > newest) newest = since;
      if (rows.length < PAGE) break;
    }
    this.cursor = newest;
    return sent;
  }
}
