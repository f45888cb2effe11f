import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { intEnv } from '@app/common';
import type { TimerFired } from '@app/saga';
import { DueTimer, SagaTimers } from './saga-timer.repository';
import { SagaRunner } from './saga.runner';
import { sagaTimersFired } from './saga.metrics';

/** How long a timer whose decision threw (a bug) waits before it is tried again. */
const POSTPONE_BROKEN_TIMER_MS = 30_000;

/**
 * Fires due timers: one transaction claims up to GAVEL_SAGA_TIMER_BATCH (100) due rows with FOR UPDATE
 * SKIP LOCKED, decides their `TimerFired` inputs as one group (`SagaRunner.runMany`) and deletes the
 * fired rows. Replicas skip each other's rows, so a timer fires once. If the batch fails, its timers are
 * retried one per transaction and a timer that still fails is postponed.
 * The next round comes when the earliest pending timer is due, at least GAVEL_SAGA_TIMER_POLL_MS (200 ms)
 * and at most GAVEL_SAGA_TIMER_IDLE_POLL_MS (1 s) later, so an idle system asks about once a second
 * (a timer another replica schedules is fired within that second).
 * GAVEL_SAGA_TIMERS_ENABLED=false turns the poller off.
 */
@Injectable()
export class TimerPollerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerPollerService.name);
  private readonly everyMs = intEnv('GAVEL_SAGA_TIMER_POLL_MS', 200);
  private readonly idleMs = Math.max(this.everyMs, intEnv('GAVEL_SAGA_TIMER_IDLE_POLL_MS', 1_000));
  private readonly batch = intEnv('GAVEL_SAGA_TIMER_BATCH', 100);
  /** When the earliest pending timer is due (from the last round), epoch ms. */
  private nextDueAt?: number;
  /** The earliest timer this process scheduled since the last round began (it may not have been visible). */
  private hintAt?: number;
  /** When the next round is planned (epoch ms); undefined while a round runs. */
  private plannedAt?: number;
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
    this.timers.onScheduled((at) => this.wake(at));
    this.schedule(0);
  }

  /** A decision of this process scheduled a timer: bring the next round forward if it is due sooner. */
  private wake(at: number): void {
    if (this.stopped) return;
    if (this.plannedAt === undefined) {
      this.hintAt = Math.min(this.hintAt ?? at, at);
      return;
    }
    if (at >= this.plannedAt) return;
    if (this.handle) clearTimeout(this.handle);
    this.schedule(Math.max(0, at - Date.now()));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    await this.running;
  }

  /** One polling round; returns how many timers were fired (exposed for tests and tools). */
  async pollOnce(now = Date.now()): Promise<number> {
    try {
      const { fired, committed } = await this.dataSource.transaction(async (m) => {
        const due = await this.timers.claimDue(m, new Date(now), this.batch);
        const result = await this.fireAll(m, due, now);
        this.nextDueAt = await this.timers.nextDueAt(m);
        return { fired: due.length, committed: result };
      });
      committed();
      return fired;
    } catch (e) {
      this.logger.warn({ message: 'timer batch failed, firing one by one', error: (e as Error).message });
      return this.pollOneByOne(now);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.plannedAt = Date.now() + delayMs;
    this.handle = setTimeout(() => {
      this.plannedAt = undefined;
      this.running = this.pollOnce()
        .then((fired) => this.schedule(fired >= this.batch ? 0 : this.delayToNext()))
        .catch((e: Error) => {
          this.logger.error({ message: 'timer poll failed', error: e.message });
          this.schedule(this.everyMs * 5);
        });
    }, delayMs);
  }

  /** Until the earliest pending timer, within [GAVEL_SAGA_TIMER_POLL_MS, GAVEL_SAGA_TIMER_IDLE_POLL_MS]. */
  private delayToNext(): number {
    const next = Math.min(this.nextDueAt ?? Infinity, this.hintAt ?? Infinity);
    this.hintAt = undefined;
    const until = next === Infinity ? this.idleMs : next - Date.now();
    return Math.min(this.idleMs, Math.max(this.everyMs, until));
  }

  /** One group decision for the claimed timers; each fired row is deleted (a timer not due yet stays). */
  private async fireAll(manager: EntityManager, due: DueTimer[], now: number): Promise<() => void> {
    if (due.length === 0) return () => undefined;
    const { outcomes, committed } = await this.runner.runMany(
      manager,
      due.map(({ timerId, sagaId, correlationId }) => ({
        sagaId,
        input: { type: 'TimerFired', data: { timerId, now } } satisfies TimerFired,
        ctx: { actor: 'timer' as const, causationId: timerId },
        request: { correlationId, sagaId },
      })),
    );
    const fired: string[] = [];
    outcomes.forEach((outcome, i) => {
      sagaTimersFired.inc({ outcome: outcome.kind });
      if (outcome.kind === 'ignored' && outcome.code === 'TIMER_NOT_DUE') return;
      fired.push(due[i].timerId);
    });
    await this.timers.cancelMany(manager, fired);
    return committed;
  }

  private async pollOneByOne(now: number): Promise<number> {
    let fired = 0;
    for (let i = 0; i < this.batch; i++) {
      const box: { claimed?: DueTimer } = {};
      try {
        const committed = await this.dataSource.transaction(async (m) => {
          [box.claimed] = await this.timers.claimDue(m, new Date(now), 1);
          return box.claimed && this.fireAll(m, [box.claimed], now);
        });
        if (!committed) break;
        committed();
        fired += 1;
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
}
