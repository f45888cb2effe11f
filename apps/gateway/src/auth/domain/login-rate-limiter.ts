export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window frees a slot (0 when allowed). */
  retryAfterS: number;
}

/** Counts login attempts per key (client IP + email) in fixed windows; `now` is passed in. */
export interface LoginAttemptCounter {
  attempt(key: string, now: number): RateLimitDecision | Promise<RateLimitDecision>;
}

/**
 * The key login attempts are counted under: the client's address and the normalized email, so
 * exhausting one email's attempts from one address locks out neither other addresses (the owner)
 * nor other emails. An IPv4 address in IPv6 form (::ffff:a.b.c.d) counts as the IPv4 one. Behind a
 * proxy the address is only the client's when the gateway trusts that proxy (GAVEL_TRUST_PROXY).
 */
export function loginThrottleKey(clientIp: string, email: string): string {
  const ip = clientIp.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return `${ip}|${email}`;
}

/** The decision for the `count`-th attempt (this one included) of a window opened at `startedAt`. */
export function decideAttempt(
  count: number,
  startedAt: number,
  max: number,
  windowMs: number,
  now: number,
): RateLimitDecision {
  if (count <= max) return { allowed: true, retryAfterS: 0 };
  return { allowed: false, retryAfterS: Math.max(1, Math.ceil((startedAt + windowMs - now) / 1000)) };
}

/**
 * A fixed-window counter per key (IP + email for logins), in memory: for one process only (tests, a
 * single replica; GAVEL_LOGIN_RATE_STORE=memory). Replicas share PgLoginAttemptCounter instead.
 * Expired windows are swept when the table grows, so memory stays bounded by active keys.
 */
export class LoginRateLimiter implements LoginAttemptCounter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly sweepAbove = 10_000,
  ) {}

  attempt(key: string, now: number): RateLimitDecision {
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      if (this.windows.size >= this.sweepAbove) this.sweep(now);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.max) {
      return {
        allowed: false,
        retryAfterS: Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000)),
      };
    }
    window.count += 1;
    return { allowed: true, retryAfterS: 0 };
  }

  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
    }
  }
}
