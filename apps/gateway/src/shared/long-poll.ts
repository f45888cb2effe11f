import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks `fetch(waitMs)` (an upstream long poll that answers once settled or after waitMs) until the
 * value settles or the deadline passes. An answer that fails, or comes back unsettled well before the
 * wait it was given (an upstream that does not hold requests, e.g. an older version during a rolling
 * deploy), is followed by `backoffMs` of pause, so the loop never spins.
 */
export async function longPoll<T>(
  fetch: (waitMs: number) => Promise<T | undefined>,
  settled: (value: T) => boolean,
  deadline: number,
  backoffMs: number,
): Promise<T | undefined> {
  let last: T | undefined;
  for (;;) {
    const waitMs = Math.max(0, deadline - Date.now());
    const asked = Date.now();
    const got = await fetch(waitMs);
    last = got ?? last;
    if ((last !== undefined && settled(last)) || Date.now() >= deadline) return last;
    // Less than one back-off left: whatever came back, pause (for what is left) rather than ask again at once.
    const early = waitMs <= backoffMs || Date.now() - asked < waitMs - backoffMs;
    if (got === undefined || early) await sleep(Math.min(backoffMs, Math.max(0, deadline - Date.now())));
  }
}
