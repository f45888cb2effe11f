import {
  DynamicModule,
  FactoryProvider,
  Inject,
  Injectable,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import * as client from 'prom-client';
import { registry } from './metrics';

/**
 * Messaging health as Prometheus gauges:
 * - `gavel_cdc_lag_bytes{slot}`: WAL the Debezium connector has not confirmed yet for its replication
 *   slot (`pg_current_wal_lsn() - confirmed_flush_lsn`). Outbox rows are pruned by age, not by capture,
 *   so counting rows would not say what is unsent; the slot's lag does.
 * - `gavel_consumer_lag{group,topic}`: topic end offsets minus the group's committed offsets (a
 *   partition without a commit counts from its low watermark).
 * - `gavel_dlq_messages{topic}`: end offsets of dead-letter topics (dead letters ever written).
 */
export const cdcLagBytes = new client.Gauge({
  name: 'gavel_cdc_lag_bytes',
  help: 'Bytes of WAL not yet confirmed by the CDC connector, by replication slot',
  labelNames: ['slot'] as const,
  registers: [registry],
  collect: () => refreshOnScrape(),
});

export const consumerLag = new client.Gauge({
  name: 'gavel_consumer_lag',
  help: 'Messages not yet committed by a consumer group, by topic',
  labelNames: ['group', 'topic'] as const,
  registers: [registry],
  collect: () => refreshOnScrape(),
});

export const dlqMessages = new client.Gauge({
  name: 'gavel_dlq_messages',
  help: 'Messages written to a dead-letter topic (sum of its end offsets)',
  labelNames: ['topic'] as const,
  registers: [registry],
  collect: () => refreshOnScrape(),
});

export const messagingMetricsFailures = new client.Counter({
  name: 'gavel_messaging_metrics_failures_total',
  help: 'Failed collections of the messaging gauges, by source (cdc, consumer_lag, dlq)',
  labelNames: ['source'] as const,
  registers: [registry],
});

export type SqlQuery = (sql: string, params: unknown[]) => Promise<unknown[]>;

export interface ConsumerGroupWatch {
  groupId: string;
  /** Topics to report; default: every topic the group has committed offsets for. */
  topics?: string[];
}

export interface MessagingMetricsOptions {
  /** A kafkajs client for the admin connection (the collector owns it from here on). */
  kafka: Kafka;
  /** Runs SQL on any database of the PostgreSQL server (pg_replication_slots is server-wide). */
  query?: SqlQuery;
  /** Replication slots to report, e.g. `['gavel_outbox']`. */
  slots?: string[];
  groups?: ConsumerGroupWatch[];
  /** Dead-letter topics to count, or 'all' for every topic ending in `.dlq`. */
  dlqTopics?: string[] | 'all';
  /**
   * Background refresh period (GAVEL_MESSAGING_METRICS_EVERY_MS); default 0, none: every scrape refreshes
   * what is older than `cacheMs`, and a refresh between scrapes is read by nobody (at Prometheus's 15 s it
   * doubled the admin requests and queries of an idle service).
   */
  intervalMs?: number;
  /** A scrape reuses values younger than this (default 2 s). */
  cacheMs?: number;
  /** A scrape waits at most this long for a refresh, then serves the last values (default 1 s). */
  scrapeWaitMs?: number;
}

export const MESSAGING_METRICS_OPTIONS = Symbol('MESSAGING_METRICS_OPTIONS');

const active = new Set<MessagingMetricsCollector>();

/** Called by the gauges on every scrape: refreshes stale values, bounded by each collector's wait. */
async function refreshOnScrape(): Promise<void> {
  await Promise.all([...active].map((c) => c.refreshForScrape()));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms).unref(),
    ),
  ]);
}

/** Sums, per topic, the end offsets minus the committed ones (or the low watermark when none). */
export function lagOf(
  ends: { partition: number; high: string; low: string }[],
  committed: { partition: number; offset: string }[],
): number {
  const byPartition = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  return ends.reduce((sum, p) => {
    const done = byPartition.get(p.partition);
    const from = done !== undefined && done >= 0 ? done : Number(p.low);
    return sum + Math.max(0, Number(p.high) - from);
  }, 0);
}

/** Opt-in per service: refreshes the messaging gauges at start and on scrape (with a short cache), and on an interval if given one. */
@Injectable()
export class MessagingMetricsCollector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessagingMetricsCollector.name);
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private inflight?: Promise<void>;
  private lastAt = 0;

  constructor(@Inject(MESSAGING_METRICS_OPTIONS) private readonly options: MessagingMetricsOptions) {}

  onApplicationBootstrap(): void {
    active.add(this);
    const everyMs = this.options.intervalMs ?? Number(process.env.GAVEL_MESSAGING_METRICS_EVERY_MS ?? 0);
    if (everyMs > 0) {
      this.timer = setInterval(() => void this.refresh(), everyMs);
      this.timer.unref();
    }
    void this.refresh();
  }

  async onApplicationShutdown(): Promise<void> {
    active.delete(this);
    if (this.timer) clearInterval(this.timer);
    await this.inflight?.catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** Refreshes unless the values are fresh; never rejects (failures are counted and logged). */
  refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (Date.now() - this.lastAt < (this.options.cacheMs ?? 2_000)) return Promise.resolve();
    this.inflight = this.collect().finally(() => {
      this.lastAt = Date.now();
      this.inflight = undefined;
    });
    return this.inflight;
  }

  refreshForScrape(): Promise<void> {
    const wait = this.options.scrapeWaitMs ?? 1_000;
    return Promise.race([this.refresh(), new Promise<void>((r) => setTimeout(r, wait).unref())]);
  }

  /** Reads every source once and sets the gauges; one failing source does not hide the others. */
  async collect(): Promise<void> {
    await Promise.all([
      this.guard('cdc', () => this.collectCdcLag()),
      this.guard('consumer_lag', () => this.collectConsumerLag()),
      this.guard('dlq', () => this.collectDlq()),
    ]);
  }

  private async guard(source: string, fn: () => Promise<void>): Promise<void> {
    try {
      await withTimeout(fn(), 10_000, source);
    } catch (e) {
      messagingMetricsFailures.inc({ source });
      this.logger.warn({
        message: 'messaging metrics collection failed',
        source,
        error: (e as Error).message,
      });
      if (source !== 'cdc') await this.dropAdmin();
    }
  }

  private async collectCdcLag(): Promise<void> {
    const slots = this.options.slots ?? [];
    if (!this.options.query || slots.length === 0) return;
    const rows = (await this.options.query(
      `SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag
       FROM pg_replication_slots WHERE slot_name = ANY($1) AND confirmed_flush_lsn IS NOT NULL`,
      [slots],
    )) as { slot_name: string; lag: string }[];
    const found = new Map(rows.map((r) => [r.slot_name, Number(r.lag)]));
    for (const slot of slots) {
      const lag = found.get(slot);
      if (lag === undefined) cdcLagBytes.remove({ slot });
      else cdcLagBytes.set({ slot }, Math.max(0, lag));
    }
  }

  private async collectConsumerLag(): Promise<void> {
    const groups = this.options.groups ?? [];
    if (groups.length === 0) return;
    const admin = await this.connectedAdmin();
    const values: { group: string; topic: string; lag: number }[] = [];
    for (const { groupId, topics } of groups) {
      const committed = await admin.fetchOffsets({ groupId, topics });
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        values.push({ group: groupId, topic, lag: lagOf(ends, partitions) });
      }
    }
    for (const v of values) consumerLag.set({ group: v.group, topic: v.topic }, v.lag);
  }

  private async collectDlq(): Promise<void> {
    const wanted = this.options.dlqTopics;
    if (!wanted || (Array.isArray(wanted) && wanted.length === 0)) return;
    const admin = await this.connectedAdmin();
    const existing = await admin.listTopics();
    const topics = wanted === 'all' ? existing.filter((t) => t.endsWith('.dlq')) : wanted;
    const values: [string, number][] = [];
    for (const topic of topics) {
      if (!existing.includes(topic)) {
        values.push([topic, 0]);
        continue;
      }
      const ends = await admin.fetchTopicOffsets(topic);
      values.push([topic, ends.reduce((sum, p) => sum + Number(p.high), 0)]);
    }
    for (const [topic, count] of values) dlqMessages.set({ topic }, count);
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.options.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}

export interface MessagingMetricsModuleOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider<MessagingMetricsOptions>['inject'];
  useFactory: FactoryProvider<MessagingMetricsOptions>['useFactory'];
}

/**
 * `MessagingMetricsModule.forService({ inject: [DataSource], useFactory: (ds) => options })`, the
 * options being `{ kafka, query, slots, groups }`.
 */
@Module({})
export class MessagingMetricsModule {
  static forService(options: MessagingMetricsModuleOptions): DynamicModule {
    return {
      module: MessagingMetricsModule,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_METRICS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        MessagingMetricsCollector,
      ],
      exports: [MessagingMetricsCollector],
    };
  }
}
