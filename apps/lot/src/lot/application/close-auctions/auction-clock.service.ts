import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { intEnv } from '@app/common';
import { LOT_COLUMNS, LotRow } from '../../infrastructure/lot.rows';
import { closeLot } from './close-lot';

/**
 * The auction clock: closes OPEN lots whose end has passed, up to GAVEL_LOT_CLOSE_BATCH (50) per
 * transaction, then sleeps until the next open lot ends: at least GAVEL_LOT_CLOCK_MS (250) and at most
 * GAVEL_LOT_CLOCK_IDLE_MS (1 s), so an idle system asks once a second and a lot created meanwhile
 * (here or on another instance) closes at most that late. `FOR UPDATE SKIP LOCKED` lets several lot instances
 * poll at once: each lot is closed by exactly one of them, and a bid being decided (which holds the
 * row lock) finishes first.
 */
@Injectable()
export class AuctionClockService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuctionClockService.name);
  private readonly intervalMs = intEnv('GAVEL_LOT_CLOCK_MS', 250);
  private readonly idleMs = Math.max(this.intervalMs, intEnv('GAVEL_LOT_CLOCK_IDLE_MS', 1_000));
  private readonly batch = intEnv('GAVEL_LOT_CLOSE_BATCH', 50);
  /** When the next open lot ends (epoch ms, from the last tick); undefined: none or unknown. */
  private nextEndsAt?: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
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
      this.running = this.tick()
        .then(() => undefined)
        .catch((e: Error) => this.logger.warn({ message: 'auction clock tick failed', error: e.message }))
        .finally(() => this.schedule());
    }, this.delay());
  }

  private delay(): number {
    const until = this.nextEndsAt === undefined ? this.idleMs : this.nextEndsAt - Date.now();
    return Math.min(this.idleMs, Math.max(this.intervalMs, until));
  }

  /** Closes due lots until none are left; returns how many this instance closed. */
  async tick(): Promise<number> {
    let total = 0;
    for (;;) {
      const closed = await this.closeDue();
      total += closed;
      if (closed < this.batch || this.stopped) {
        const rows: { at: Date | null }[] = await this.dataSource.query(
          `SELECT min(ends_at) AS at FROM lots WHERE status = 'OPEN'`,
        );
        this.nextEndsAt = rows[0]?.at ? rows[0].at.getTime() : undefined;
        return total;
      }
    }
  }

  private closeDue(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: (LotRow & { db_now: Date })[] = await manager.query(
        `SELECT ${LOT_COLUMNS}, clock_timestamp() AS db_now FROM lots
         WHERE status = 'OPEN' AND ends_at <= clock_timestamp()
         ORDER BY ends_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batch],
      );
      for (const lot of due) await closeLot(manager, lot, lot.db_now, false);
      if (due.length > 0) this.logger.log({ message: 'auctions closed', count: due.length });
      return due.length;
    });
  }
}
