import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { databaseConfig, searchPathOption } from '@app/common';

/** PostgreSQL channel on which every committed saga decision announces its saga id. */
export const SAGA_CHANGED_CHANNEL = 'gavel_saga_changed';
/** A waiter re-reads at least this often, so a lost notification (listener reconnecting) only delays it. */
const FALLBACK_RECHECK_MS = 1000;
const RECONNECT_MS = 1000;

/** A subscription to one saga's changes; `next` resolves at the next committed change or after `ms`. */
export interface SagaWatch {
  next(ms: number): Promise<void>;
  close(): void;
}

/**
 * Tells in-process waiters (long-polling `GET /bids/:id?waitMs=`, `GET /orders/:id?waitMs=`) that a saga
 * changed, without polling: the runner calls `notify` inside the decision's transaction (PostgreSQL
 * delivers NOTIFY only at commit, so a waiter never reads a state that is not there yet), and one LISTEN
 * connection per orchestrator replica fans the ids out. Works across replicas; while the listener is
 * reconnecting, waiters fall back to re-reading every second.
 */
@Injectable()
export class SagaChangeFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SagaChangeFeed.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client?: Client;
  private readonly retired = new WeakSet<Client>();
  private stopped = false;

  /** Queued in the caller's transaction; delivered to every listener when it commits. */
  static notify(manager: Pick<EntityManager, 'query'>, sagaId: string): Promise<unknown> {
    return manager.query('SELECT pg_notify($1, $2)', [SAGA_CHANGED_CHANNEL, sagaId]);
  }

  /** `notify` for several sagas in one statement. */
  static async notifyMany(manager: Pick<EntityManager, 'query'>, sagaIds: readonly string[]): Promise<void> {
    if (sagaIds.length === 0) return;
    await manager.query('SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id', [
      SAGA_CHANGED_CHANNEL,
      sagaIds,
    ]);
  }

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  watch(sagaId: string): SagaWatch {
    let dirty = false;
    let wake: (() => void) | undefined;
    const listener = (): void => {
      dirty = true;
      wake?.();
    };
    this.emitter.on(sagaId, listener);
    return {
      next: (ms) =>
        new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            wake = undefined;
            dirty = false;
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, Math.min(ms, FALLBACK_RECHECK_MS)));
          if (dirty) done();
          else wake = done;
        }),
      close: () => {
        this.emitter.off(sagaId, listener);
      },
    };
  }

  /**
   * Reads until `settled` holds or `waitMs` passes, re-reading after each change of the saga
   * (`waitMs` ≤ 0: one read). The watch is opened before the first read, so a change committed in
   * between is not missed.
   */
  async awaitSettled<T>(
    sagaId: string,
    waitMs: number,
    read: () => Promise<T>,
    settled: (value: T) => boolean,
  ): Promise<T> {
    if (waitMs <= 0) return read();
    const deadline = Date.now() + waitMs;
    const watch = this.watch(sagaId);
    try {
      let value = await read();
      while (!settled(value) && Date.now() < deadline) {
        await watch.next(deadline - Date.now());
        value = await read();
      }
      return value;
    } finally {
      watch.close();
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const db = databaseConfig('orchestrator');
    const client = new Client({
      host: db.host,
      port: db.port,
      user: db.username,
      password: db.password,
      database: db.database,
      options: searchPathOption(db.schema),
    });
    client.on('notification', (n) => {
      if (n.payload) this.emitter.emit(n.payload);
    });
    client.on('error', (e) => {
      this.logger.warn({ message: 'saga change listener lost its connection', error: e.message });
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${SAGA_CHANGED_CHANNEL}`);
      this.client = client;
    } catch (e) {
      this.logger.warn({
        message: 'saga change listener could not connect; retrying',
        error: (e as Error).message,
      });
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.retired.has(client)) return; // 'error' and 'end' both report the same loss
    this.retired.add(client);
    if (this.client === client) this.client = undefined;
    if (this.stopped) return;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    setTimeout(() => void this.connect(), RECONNECT_MS).unref();
  }
}
