import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { Topics } from '@app/contracts';
import { LiveGateway } from './live.gateway';
import { NOTIFICATION_EVENTS_TOPIC } from './live.events';
import { LiveFeed, LiveFeedOptions, LiveItem, startLiveFeed } from './live-feed';
import type { LiveFeedOrder, LiveFeedReport } from './live-feed.worker';

const RESTART_MS = 1_000;
const STOP_MS = 10_000;
const WORKER_FILE = join(__dirname, 'live-feed.worker.js');

/**
 * Feeds the live WebSocket from lot.events and notification.events. Every gateway instance must see
 * every event, so each has its own consumer group (`gateway-live-<host>-<pid>-<rand>`, GAVEL_LIVE_GROUP
 * overrides) reading from the end; the group is deleted on shutdown.
 *
 * The Kafka side (fetching, decoding, routing: `startLiveFeed`) runs in a worker thread, which hands each
 * fetched batch over as one message; this thread only emits the batch's events to their rooms, in order.
 * Under a bidding war the decoding was a sixth of the gateway's event loop and came in bursts of a whole
 * fetch, during which bid requests waited. A worker that dies is started again after 1 s with a new group
 * (events published meanwhile are not replayed: the feed is live, a page reloads the lot's state over
 * HTTP). GAVEL_LIVE_WORKER=false (and running from the TypeScript sources) runs the feed on this thread; GAVEL_LIVE_ENABLED=false turns it off.
 */
@Injectable()
export class LiveEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventsConsumer.name);
  private readonly topics = [
    process.env.GAVEL_LIVE_LOT_EVENTS_TOPIC || Topics.lotEvents,
    NOTIFICATION_EVENTS_TOPIC,
  ];
  private worker?: Worker;
  private inProcess?: LiveFeed;
  private stopping = false;
  private restart?: NodeJS.Timeout;

  constructor(private readonly live: LiveGateway) {}

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.GAVEL_LIVE_ENABLED === 'false') return;
    // From compiled code the feed runs in its worker thread; from the TypeScript sources (a test module
    // built in Jest), which a worker thread cannot load, on this thread.
    if (process.env.GAVEL_LIVE_WORKER === 'false' || !existsSync(WORKER_FILE)) {
      this.inProcess = await startLiveFeed(this.options(), (items) => this.emit(items));
      return;
    }
    await this.spawn();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restart) clearTimeout(this.restart);
    await this.inProcess?.stop();
    const worker = this.worker;
    if (!worker) return;
    // The worker leaves its group and deletes it, then exits; one that does not within STOP_MS is ended.
    await new Promise<void>((resolve) => {
      const ending = setTimeout(() => void worker.terminate(), STOP_MS);
      worker.once('exit', () => {
        clearTimeout(ending);
        resolve();
      });
      worker.postMessage({ kind: 'stop' } satisfies LiveFeedOrder);
    });
  }

  private options(): LiveFeedOptions {
    const groupId =
      process.env.GAVEL_LIVE_GROUP ||
      `gateway-live-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    return { groupId, topics: this.topics };
  }

  /** Starts the worker; resolves once it consumes (rejects if its start failed). */
  private spawn(): Promise<void> {
    const worker = new Worker(WORKER_FILE, { workerData: this.options() });
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (report: LiveFeedReport) => {
        switch (report.kind) {
          case 'items':
            return this.emit(report.items);
          case 'log':
            return this.log(report);
          case 'ready':
            started = true;
            return resolve();
          case 'failed':
            this.logger.error({ message: 'live feed could not start', error: report.error });
            if (!started) reject(new Error(`live feed could not start: ${report.error}`));
            return void worker.terminate();
          case 'stopped':
            return;
        }
      });
      worker.on('error', (e) => {
        this.logger.error({ message: 'live feed worker failed', error: e.message });
        if (!started) reject(e);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        if (!started) return reject(new Error(`live feed worker exited (${code}) before it consumed`));
        if (this.stopping) return;
        this.logger.warn({ message: 'live feed worker exited; starting another', code });
        this.scheduleRestart();
      });
    });
  }

  /** Starts another worker after RESTART_MS, and keeps trying until one consumes or the gateway stops. */
  private scheduleRestart(): void {
    if (this.stopping) return;
    this.restart = setTimeout(() => {
      this.spawn().catch((e: Error) => {
        this.logger.error({ message: 'live feed worker did not start again', error: e.message });
        this.scheduleRestart();
      });
    }, RESTART_MS);
    this.restart.unref();
  }

  private emit(items: LiveItem[]): void {
    for (const [delivery, payload] of items) this.live.emit(delivery, payload);
  }

  private log(report: Extract<LiveFeedReport, { kind: 'log' }>): void {
    const logger = report.context ? new Logger(report.context) : this.logger;
    logger[report.level](report.message);
  }
}
