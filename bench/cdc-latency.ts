/**
 * Commit → consumer latency through the real CDC path:
 *   TypeORM transaction + appendToOutbox (wallet.outbox) → Debezium (Kafka Connect, Outbox Event Router)
 *   → Kafka → IdempotentConsumer (inbox row in notification.processed_messages) → handler.
 * Each event is its own committed transaction; its commit time is taken when COMMIT returns and the
 * latency is measured when the consumer's handler sees it. Writes bench/results/cdc-latency.json
 * (nothing with --write=0, as the other benches).
 *
 *   npm run -s build && node dist/bench/cdc-latency.js --events=5000 --rate=500 --warmup=20
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { postgresOptions } from '@app/common';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import { appendToOutbox } from '@app/outbox';
import { arg, percentile, round, writeResult } from './support';

const TOPIC = 'bench.cdc';

function dataSource(service: string, max: number): DataSource {
  const options = postgresOptions(service, { entities: [], migrations: [] });
  return new DataSource({ ...options, extra: { ...options.extra, max } });
}

async function main(): Promise<void> {
  const events = arg('events', 5000);
  const rate = arg('rate', 500);
  const concurrency = arg('concurrency', 8);
  // Seconds at the same rate before the measured events, seen by the consumer but not counted: right
  // after a JVM start the first ≈ 10,000 events run through Connect and Kafka while C2 is still compiling
  // their path (p95 35–100 ms, then 6–12 ms), which is start-up, not the pipeline's latency.
  const warmup = arg('warmup', 0);
  const warmupEvents = Math.round(warmup * rate);
  const source = await dataSource('wallet', concurrency + 2).initialize();
  const sink = await dataSource('notification', 4).initialize();
  // an event's commit time (when COMMIT returned) and, if the consumer saw it before that, when it did:
  // the consumer can see an event before the producing transaction's COMMIT has returned to this process
  const sent = new Map<string, { committedAt?: number; seenAt?: number }>();
  const latencies: number[] = [];
  const record = (latency: number): void => {
    latencies.push(Math.max(0, latency));
    if (latencies.length === events) done();
  };
  const run = randomUUID().slice(0, 8);
  let done!: () => void;
  const allSeen = new Promise<void>((r) => (done = r));

  const consumer = new IdempotentConsumer(createKafka(`bench-cdc-${run}`), sink, {
    consumer: `bench-cdc-${run}`,
    topics: [TOPIC],
    fromBeginning: false,
    handlers: {
      BenchPing: {
        handle: async (_m, envelope) => {
          const event = sent.get(envelope.metadata.messageId);
          if (event === undefined) return; // an event of an earlier run
          if (event.committedAt === undefined) event.seenAt ??= Date.now();
          else record(Date.now() - event.committedAt);
        },
      },
    },
  });
  // Make sure the topic exists so the new group starts at its end, then join before producing.
  await source.transaction((m) =>
    appendToOutbox(m, [{ topic: TOPIC, key: 'warmup', type: 'Warmup', data: {} }]),
  );
  await new Promise((r) => setTimeout(r, 3000));
  await consumer.start();
  await new Promise((r) => setTimeout(r, 5000));

  const started = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < warmupEvents + events) {
      const seq = next++;
      const due = started + (seq * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const id = randomUUID();
      const event: { committedAt?: number; seenAt?: number } = {};
      const measured = seq >= warmupEvents;
      if (measured) sent.set(id, event); // a warm-up event is not in `sent`: the handler skips it
      await source.transaction((m) =>
        appendToOutbox(m, [
          { topic: TOPIC, key: `k${seq % 64}`, type: 'BenchPing', data: { seq }, messageId: id },
        ]),
      );
      event.committedAt = Date.now();
      if (measured && event.seenAt !== undefined) record(event.seenAt - event.committedAt);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const produceSeconds = (Date.now() - started) / 1000 - warmup;
  const timeout = setTimeout(() => done(), 120_000);
  await allSeen;
  clearTimeout(timeout);
  await consumer.stop();
  await source.destroy();
  await sink.destroy();

  latencies.sort((a, b) => a - b);
  const result = {
    events: latencies.length,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies[latencies.length - 1],
    warmup_s: warmup,
    offered_rate_per_s: rate,
    achieved_rate_per_s: round(events / produceSeconds),
    lost: events - latencies.length,
    measured_at: new Date().toISOString(),
    command: `npm run -s build && node dist/bench/cdc-latency.js --events=${events} --rate=${rate} --warmup=${warmup}`,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (arg('write', 1) === 1) process.stdout.write(`→ ${writeResult('cdc-latency.json', result)}\n`);
  if (result.lost > 0) process.exitCode = 1;
}

void main();
