import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { intEnv } from '@app/common';
import { appendToOutbox, OutboxMessage } from '@app/outbox';
import { decideExpiry } from '../../domain/second-chance';
import { LOT_COLUMNS, LotRow, secondChanceOf } from '../../infrastructure/lot.rows';
import { lockDueOffers, recordAnswer } from '../../infrastructure/second-chance.repository';
import { fallBack, secondChanceEnded } from '../second-chance/failed-sale';
import { closeLot } from './close-lot';

/**
 * The auction clock: closes OPEN lots whose end has passed, up to GAVEL_LOT_CLOSE_BATCH (50) per
 * transaction, then sleeps until the next open lot ends: at least GAVEL_LOT_CLOCK_MS (250) and at most
 * GAVEL_LOT_CLOCK_IDLE_MS (1 s), so an idle system asks once a second and a lot created meanwhile
 * (here or on another instance) closes at most that late. `FOR UPDATE SKIP LOCKED` lets several lot instances
 * poll at once: each lot is closed by exactly one of them, and a bid being decided (which holds the
 * row lock) finishes first.
 *
 * The same clock expires second-chance offers whose window has passed (then relists or closes their lots,
 * SecondChanceEnded EXPIRED), in batches of the same size and with the same locking; the offer's deadline
 * is a column, so an offer due while the service was down expires on the first tick after it starts.
 */
@Injectable()
export class AuctionClockService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuctionClockService.name);
  private readonly intervalMs = intEnv('GAVEL_LOT_CLOCK_MS', 250);
  private readonly idleMs = Math.max(this.intervalMs, intEnv('GAVEL_LOT_CLOCK_IDLE_MS', 1_000));
  private readonly batch = intEnv('GAVEL_LOT_CLOSE_BATCH', 50);
  /** When the next open lot ends or offer expires (epoch ms, from the last tick); undefined: none or unknown. */
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

  /**
   * Closes due lots, then expires due offers, until none are left; returns how many lots this instance
   * closed. A tick first asks when the next lot ends or offer expires (one statement), and opens the
   * closing and expiring transactions only when something is due: an idle system costs one query a second.
   */
  async tick(): Promise<number> {
    if (!(await this.nextDue())) return 0;
    let total = 0;
    for (;;) {
      const closed = await this.closeDue();
      total += closed;
      if (closed < this.batch || this.stopped) break;
    }
    while (!this.stopped && (await this.expireDueOffers()) >= this.batch);
    await this.nextDue();
    return total;
  }

  /** Reads when the next open lot ends or offer expires (kept for the next delay); true if that has passed. */
  private async nextDue(): Promise<boolean> {
    const rows: { at: Date | null; due: boolean | null }[] = await this.dataSource.query(
      `SELECT next.at, next.at <= clock_timestamp() AS due
         FROM (SELECT least((SELECT min(ends_at) FROM lots WHERE status = 'OPEN'),
                 (SELECT min(second_chance_expires_at) FROM lots WHERE second_chance_status = 'OFFERED')) AS at) next`,
    );
    this.nextEndsAt = rows[0]?.at ? rows[0].at.getTime() : undefined;
    return rows[0]?.due === true;
  }

  /** Expires up to a batch of due offers in one transaction; returns how many it found. */
  private expireDueOffers(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due = await lockDueOffers(manager, this.batch);
      const messages: OutboxMessage[] = [];
      for (const lot of due) {
        const offer = secondChanceOf(lot);
        const decision = offer ? decideExpiry(lot.on_failed_sale, offer, lot.db_now) : undefined;
        if (decision?.kind !== 'expired') continue;
        const row = await recordAnswer(manager, lot.id, 'EXPIRED', lot.db_now);
        const next = await fallBack(manager, row, decision.next, lot.db_now);
        messages.push(secondChanceEnded(next.row, 'EXPIRED', lot.db_now, next), ...next.messages);
      }
      if (messages.length > 0) await appendToOutbox(manager, messages);
      if (due.length > 0) this.logger.log({ message: 'second chances expired', count: due.length });
      return due.length;
    });
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
