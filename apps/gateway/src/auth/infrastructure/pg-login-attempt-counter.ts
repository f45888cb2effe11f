import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { decideAttempt, LoginAttemptCounter, RateLimitDecision } from '../domain/login-rate-limiter';

/** Every this many attempts a replica deletes the windows that ended (bounded table, no timer). */
const SWEEP_EVERY = 500;

/**
 * Login attempts counted in PostgreSQL (table login_attempts), so every gateway replica enforces one
 * limit per client IP + email. One statement per attempt: an upsert that opens a new window when the
 * stored one ended and otherwise counts the attempt, returning the window. Keys are stored hashed.
 */
export class PgLoginAttemptCounter implements LoginAttemptCounter {
  private attempts = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async attempt(key: string, now: number): Promise<RateLimitDecision> {
    const keyHash = createHash('sha256').update(key).digest('hex');
    const rows: { started_ms: string; count: number }[] = await this.dataSource.query(
      `INSERT INTO login_attempts AS a (key_hash, window_started_at, count)
       VALUES ($1, to_timestamp($2::bigint / 1000.0), 1)
       ON CONFLICT (key_hash) DO UPDATE SET
         window_started_at = CASE WHEN a.window_started_at <= to_timestamp(($2::bigint - $3::bigint) / 1000.0)
                                  THEN EXCLUDED.window_started_at ELSE a.window_started_at END,
         count = CASE WHEN a.window_started_at <= to_timestamp(($2::bigint - $3::bigint) / 1000.0)
                      THEN 1 ELSE a.count + 1 END
       RETURNING (extract(epoch FROM window_started_at) * 1000)::bigint AS started_ms, count`,
      [keyHash, now, this.windowMs],
    );
    if (++this.attempts % SWEEP_EVERY === 0) await this.sweep(now);
    const { started_ms, count } = rows[0];
    return decideAttempt(count, Number(started_ms), this.max, this.windowMs, now);
  }

  private async sweep(now: number): Promise<void> {
    await this.dataSource
      .query(
        `DELETE FROM login_attempts WHERE window_started_at <= to_timestamp(($1::bigint - $2::bigint) / 1000.0)`,
        [now, this.windowMs],
      )
      .catch(() => undefined);
  }
}
