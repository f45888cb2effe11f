/**
 * A token bucket: `capacity` tokens at most, refilled at `ratePerSecond`. Pure: the caller passes
 * the time (ms). With capacity 1 it paces sends evenly, so no window of one second ever holds more
 * than `ratePerSecond` sends.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    now: number,
  ) {
    if (ratePerSecond <= 0 || capacity < 1)
      throw new Error('a token bucket needs a positive rate and a capacity of at least 1');
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Milliseconds until one token is available (0: now). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  /** Takes a token if one is available. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** A full bucket carries no state worth keeping. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = now;
  }
}
