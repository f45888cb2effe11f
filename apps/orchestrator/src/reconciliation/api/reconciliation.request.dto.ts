import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const DURATION = /^(\d{1,6})(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `2h` → 7 200 000; undefined when `value` is not a duration. */
export function durationMs(value: string): number | undefined {
  const m = DURATION.exec(value);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

/** `since` as a time: an ISO time, or a duration back from `now`. */
export function sinceTime(value: string, now: Date): Date {
  const ms = durationMs(value);
  return ms === undefined ? new Date(value) : new Date(now.getTime() - ms);
}

export const DEFAULT_GRACE_MS = 60_000;

export class ReconciliationRequestDto {
  /** Sagas changed since: an ISO time or a duration such as 15m, 2h, 7d (default: all). */
  @IsOptional()
  @Matches(/^(\d{1,6}(ms|s|m|h|d)|\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/, {
    message: 'since is a duration such as 15m, 2h, 7d or an ISO time',
  })
  since?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'sagaType must be a saga type such as Order' })
  sagaType?: string;

  /** One saga only. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_:.-]{1,255}$/, { message: 'sagaId is not a valid saga id' })
  sagaId?: string;

  /** At most this many sagas, oldest change first (default: every saga that matches). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(10_000_000, { message: 'limit must be at most 10000000' })
  limit?: number;

  /** How long a reply may be in flight before its absence from the history counts (default 60s). */
  @IsOptional()
  @Matches(DURATION, { message: 'grace is a duration such as 0s, 30s, 2m' })
  grace?: string;
}
