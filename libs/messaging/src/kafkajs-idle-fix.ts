/**
 * Two idle costs of kafkajs 2.2.4 (the latest release), per broker connection, removed here:
 *
 * 1. It re-arms a timer on every broker connection after each check of
 * its request queue, even when nothing waits and nothing is throttled; the delay is then negative, so
 * Node runs it after 1 ms, forever: about a thousand wake-ups a second per connection, ~1.5 % of a core
 * per idle service (tulios/kafkajs#1556, fix proposed in #1667, not released).
 *
 *    With an empty queue and no throttle in force there is nothing to check later (a request pushed
 *    afterwards is sent or queued by `push`, which schedules its own check), so no timer is armed here;
 *    any other case keeps kafkajs's behaviour.
 * 2. It looks for in-flight requests past their timeout every 100 ms (ten wake-ups a second per
 *    connection); requests time out after 30 s, so every GAVEL_KAFKA_TIMEOUT_CHECK_MS (1 s) is enough.
 *
 * Installed once when this module loads (kafka.factory imports it).
 */
interface RequestQueueLike {
  pending: unknown[];
  inflight: Map<unknown, { sentAt: number; requestTimeout: number; timeoutRequest(): void }>;
  throttledUntil: number;
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  isConnected(): boolean;
  destroy(): void;
  scheduleCheckPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
}

const TIMEOUT_CHECK_MS = Math.max(100, Number(process.env.GAVEL_KAFKA_TIMEOUT_CHECK_MS ?? 1000) || 1000);

// A deep require: kafkajs has no `exports` map, and the class is not part of its public API.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueLike };

const original = RequestQueue.prototype.scheduleCheckPendingRequests;
if (!(original as { gavelPatched?: boolean }).gavelPatched) {
  const patched = function (this: RequestQueueLike): void {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
  (patched as { gavelPatched?: boolean }).gavelPatched = true;
  RequestQueue.prototype.scheduleCheckPendingRequests = patched;

  RequestQueue.prototype.scheduleRequestTimeoutCheck = function (this: RequestQueueLike): void {
    if (!this.enforceRequestTimeout) return;
    this.destroy(); // clears a previous interval
    this.requestTimeoutIntervalId = setInterval(
      () => {
        const now = Date.now();
        for (const request of this.inflight.values())
          if (now - request.sentAt > request.requestTimeout) request.timeoutRequest();
        if (!this.isConnected()) this.destroy();
      },
      Math.min(this.requestTimeout, TIMEOUT_CHECK_MS),
    );
  };
}

/** True when the fix is in place (for the spec). */
export const kafkajsIdleFixInstalled = (): boolean =>
  (RequestQueue.prototype.scheduleCheckPendingRequests as { gavelPatched?: boolean }).gavelPatched === true;
