import { Logger, LoggerService } from '@nestjs/common';
import { parentPort, workerData } from 'node:worker_threads';
import { LiveFeed, LiveFeedOptions, LiveItem, startLiveFeed } from './live-feed';

/** What the live-feed thread tells the gateway's main thread (LiveEventsConsumer). */
export type LiveFeedReport =
  | { kind: 'ready' }
  | { kind: 'items'; items: LiveItem[] }
  | { kind: 'log'; level: LogLevelName; message: unknown; context?: string }
  | { kind: 'failed'; error: string }
  | { kind: 'stopped' };

export type LogLevelName = 'log' | 'error' | 'warn' | 'debug' | 'verbose';

/** What the main thread tells the live-feed thread. */
export type LiveFeedOrder = { kind: 'stop' };

const port = parentPort;
if (!port) throw new Error('live-feed.worker runs as a worker thread');
const post = (report: LiveFeedReport): void => port.postMessage(report);

/** Log entries go to the main thread's logger (winston there), with their context. */
const forward = (level: LogLevelName) => (message: unknown, context?: unknown) =>
  post({ kind: 'log', level, message, context: typeof context === 'string' ? context : undefined });
const toMain: LoggerService = {
  log: forward('log'),
  error: forward('error'),
  warn: forward('warn'),
  debug: forward('debug'),
  verbose: forward('verbose'),
};
Logger.overrideLogger(toMain);

const starting: Promise<LiveFeed> = startLiveFeed(workerData as LiveFeedOptions, (items) =>
  post({ kind: 'items', items }),
);
starting.then(
  () => post({ kind: 'ready' }),
  (e: Error) => post({ kind: 'failed', error: e.message }),
);

let stopping = false;
port.on('message', (order: LiveFeedOrder) => {
  if (order.kind !== 'stop' || stopping) return;
  stopping = true;
  // A stop during the start waits for it, so the consumer it made leaves its group and the group is deleted.
  void starting
    .then(
      (feed) => feed.stop(),
      () => undefined,
    )
    .catch((e: Error) => forward('warn')({ message: 'live feed stop failed', error: e.message }))
    .finally(() => {
      post({ kind: 'stopped' });
      port.close();
    });
});
