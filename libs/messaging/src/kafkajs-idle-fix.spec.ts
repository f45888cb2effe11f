import { kafkajsIdleFixInstalled } from './kafkajs-idle-fix';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
};

const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const queue = () =>
  new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 1000, clientId: 't', broker: 'b', logger });

describe('kafkajs idle fix (tulios/kafkajs#1556)', () => {
  it('is installed', () => expect(kafkajsIdleFixInstalled()).toBe(true));

  it('arms no timer when nothing waits and nothing is throttled', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still arms one while throttled, and while requests wait', () => {
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 60_000;
    throttled.checkPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(throttled.throttleCheckTimeoutId!);

    const waiting = queue();
    waiting.throttledUntil = Date.now() + 60_000; // keeps the pending request from being sent
    waiting.pending.push({});
    waiting.checkPendingRequests();
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(waiting.throttleCheckTimeoutId!);
  });
});

describe('kafkajs request timeout check', () => {
  it('times out an in-flight request past its timeout, checking once a second instead of every 100 ms', () => {
    jest.useFakeTimers();
    try {
      const q = new RequestQueue({
        maxInFlightRequests: 1,
        requestTimeout: 30_000,
        enforceRequestTimeout: true,
        clientId: 't',
        broker: 'b',
        logger,
      }) as unknown as {
        inflight: Map<number, { sentAt: number; requestTimeout: number; timeoutRequest(): void }>;
        scheduleRequestTimeoutCheck(): void;
        destroy(): void;
      };
      const timedOut = jest.fn();
      q.inflight.set(1, { sentAt: Date.now(), requestTimeout: 30_000, timeoutRequest: timedOut });
      q.scheduleRequestTimeoutCheck();
      expect(jest.getTimerCount()).toBe(1);
      jest.advanceTimersByTime(30_500); // kafkajs alone would have timed it out at 30.1 s
      expect(timedOut).not.toHaveBeenCalled();
      jest.advanceTimersByTime(500);
      expect(timedOut).toHaveBeenCalled();
      q.destroy();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
