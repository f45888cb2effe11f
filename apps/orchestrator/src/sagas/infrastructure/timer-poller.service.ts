import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { intEnv } from '@app/common';
import { RequestContext } from '@app/observability';
import type { TimerFired } from '@app/saga';
import { DueTimer, SagaTimers } from './saga-timer.repository';
import { SagaRunner } from './saga.runner';
import { sagaTimersFired } from './saga.metrics';

/** How long a timer whose decision threw (a bug) waits before it is tried again. */
const POSTPONE_BROKEN_TIMER_MS = 30_000;

/**
 * Fires due timers: every GAVEL_SAGA_TIMER_POLL_MS (200 ms), one transaction claims up to
 * GAVEL_SAGA_TIMER_BATCH (50) due rows with FOR UPDATE SKIP LOCKED, feeds `TimerFired` to the engine
 * and deletes each fired row. Replicas skip each other's rows, so a timer fires once. If the batch
 * fails, its timers are retried one per transaction and a timer that still fails is postponed.
 * GAVEL_SAGA_TIMERS_ENABLED=false turns the poller off.
 */
@Injectable()
export class TimerPollerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerPollerService.name);
  private readonly everyMs = intEnv('GAVEL_SAGA_TIMER_POLL_MS', 200);
  private readonly batch = intEnv('GAVEL_SAGA_TIMER_BATCH', 50);
  private handle?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timers: SagaTimers,
    private readonly runner: SagaRunner,
  ) {}

  onApplicationBootstrap(): void {
    if (process.env.GAVEL_SAGA_TIMERS_ENABLED === 'false') return;
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    await this.running;
  }

  /** One polling round; returns how many timers were fired (exposed for tests and tools). */
  async pollOnce(now = Date.now()): Promise<number> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const due = await this.timers.claimDue(m, new Date(now), this.batch);
        for (const timer of due) await this.fire(m, timer, now);
        return due.length;
      });
    } catch (e) {
      this.logger.warn({ message: 'timer batch failed, firing one by one', error: (e as Error).message });
      return this.pollOneByOne(now);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.handle = setTimeout(() => {
      this.running = this.pollOnce()
        .then((fired) => this.schedule(fired >= this.batch ? 0 : this.everyMs))
        .catch((e: Error) => {
          this.logger.error({ message: 'timer poll failed', error: e.message });
          this.schedule(this.everyMs * 5);
        });
    }, delayMs);
  }

  private async pollOneByOne(now: number): Promise<number> {
    let fired = 0;
    for (let i = 0; i < this.batch; i++) {
      const box: { claimed?: DueTimer } = {};
      try {
        const n = await this.dataSource.transaction(async (m) => {
          [box.claimed] = await this.timers.claimDue(m, new Date(now), 1);
          if (!box.claimed) return 0;
          await this.fire(m, box.claimed, now);
          return 1;
        });
        if (n === 0) break;
        fired += n;
      } catch (e) {
        const claimed = box.claimed;
        if (!claimed) throw e;
        const error = (e as Error).message;
        this.logger.error({
          message: 'timer failed, postponed',
          timerId: claimed.timerId,
          sagaId: claimed.sagaId,
          error,
        });
        await this.timers.postpone(this.dataSource.manager, claimed.timerId, POSTPONE_BROKEN_TIMER_MS, error);
      }
    }
    return fired;
  }

  private fire(manager: EntityManager, timer: DueTimer, now: number): Promise<void> {
    const { timerId, sagaId, correlationId } = timer;
    return RequestContext.run({ correlationId, sagaId }, async () => {
      const input: TimerFired = { type: 'TimerFired', data: { timerId, now } };
      const outcome = await this.runner.run(manager, sagaId, input, { actor: 'timer', causationId: timerId });
      sagaTimersFired.inc({ outcome: outcome.kind });
      if (outcome.kind === 'ignored') {
        this.logger.debug({ message: 'timer ignored', timerId, code: outcome.code, reason: outcome.reason });
        if (outcome.code === 'TIMER_NOT_DUE') return;
      }
      await this.timers.cancel(manager, timerId);
    });
  }
}
