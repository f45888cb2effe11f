import { Injectable } from '@nestjs/common';
import { preparedQuery } from '@app/common';
import type { EntityManager } from 'typeorm';
import { Queryable } from './saga-event.store';

export interface DueTimer {
  timerId: string;
  sagaId: string;
  correlationId: string;
}

/**
 * `saga_timers`: one row per pending reply deadline or retry delay (at most one per saga). Due rows are
 * claimed with FOR UPDATE SKIP LOCKED together with their saga's row, so concurrent pollers (replicas)
 * never fire the same timer and never wait on a saga another transaction is deciding.
 */
@Injectable()
export class SagaTimers {
  private readonly listeners: ((at: number) => void)[] = [];

  /** Called with the earliest due time whenever this process schedules timers (for the poller). */
  onScheduled(listener: (at: number) => void): void {
    this.listeners.push(listener);
  }

  /** Upserts timers in one statement (distinct timer ids); a rescheduled timer starts its fire attempts afresh. */
  async scheduleMany(
    db: EntityManager,
    timers: readonly { timerId: string; sagaId: string; at: number }[],
  ): Promise<void> {
    if (timers.length === 0) return;
    await preparedQuery(
      db,
      'orchestrator_saga_timers_upsert',
      `INSERT INTO saga_timers (timer_id, saga_id, due_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
       ON CONFLICT (timer_id) DO UPDATE SET due_at = EXCLUDED.due_at, fire_attempts = 0, last_error = NULL`,
      [timers.map((t) => t.timerId), timers.map((t) => t.sagaId), timers.map((t) => new Date(t.at))],
    );
    const earliest = Math.min(...timers.map((t) => t.at));
    for (const listener of this.listeners) listener(earliest);
  }

  async cancelMany(db: EntityManager, timerIds: readonly string[]): Promise<void> {
    if (timerIds.length === 0) return;
    await preparedQuery(
      db,
      'orchestrator_saga_timers_cancel',
      `DELETE FROM saga_timers WHERE timer_id = ANY($1)`,
      [timerIds],
    );
  }

  async claimDue(db: Queryable, now: Date, limit: number): Promise<DueTimer[]> {
    return db.query(
      `SELECT t.timer_id AS "timerId", t.saga_id AS "sagaId", s.correlation_id AS "correlationId"
       FROM saga_timers t JOIN sagas s ON s.id = t.saga_id
       WHERE t.due_at <= $1
       ORDER BY t.due_at
       LIMIT $2
       FOR UPDATE OF t, s SKIP LOCKED`,
      [now, limit],
    );
  }

  /** When the earliest pending timer is due (epoch ms), or undefined when there is none. */
  async nextDueAt(db: Queryable): Promise<number | undefined> {
    const rows: { at: Date | null }[] = await db.query(`SELECT min(due_at) AS at FROM saga_timers`);
    return rows[0]?.at ? rows[0].at.getTime() : undefined;
  }

  /** A timer whose decision keeps failing (a bug) is pushed back instead of blocking the others. */
  async postpone(db: Queryable, timerId: string, delayMs: number, error: string): Promise<void> {
    await db.query(
      `UPDATE saga_timers SET due_at = now() + make_interval(secs => $2::float8 / 1000),
         fire_attempts = fire_attempts + 1, last_error = $3 WHERE timer_id = $1`,
      [timerId, delayMs, error.slice(0, 2000)],
    );
  }
}
