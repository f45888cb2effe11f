export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window frees a slot (0 when allowed). */
  retryAfterS: number;
}

/**
 * A fixed-window counter per key (IP + email for logins), in memory. `now` is passed in.
 * Expired windows are swept when the table grows, so memory stays bounded by active keys.
 */
export class LoginRateLimiter {
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
