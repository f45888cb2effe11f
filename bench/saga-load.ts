/**
 * Load for the order-saga benchmark: starts Order sagas at the orchestrator's `POST /orders` and sees
 * them finish on `order.events` (OrderCompleted / OrderCancelled, key = orderId), read from the topic's
 * end by a private consumer group. Two drivers: closed loop (N sagas in flight, a new one as soon as
 * one ends) for saturation, and open loop (a fixed arrival rate) for latency.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { Topics } from '@app/contracts';
import { createKafka, headerString } from '@app/messaging';

export type Outcome = 'completed' | 'cancelled' | 'timeout' | 'http_error';

export interface SagaRecord {
  orderId: string;
  sentAt: number;
  doneAt: number;
  outcome: Outcome;
  code?: string;
}

export interface OrderTemplate {
  url: string;
  sellerId: string;
  buyers: string[];
  skus: string[];
  amount: number;
}

interface Pending {
  sentAt: number;
  resolve: (r: SagaRecord) => void;
}

/** Watches order.events for the outcomes of the sagas this process started. */
export class CompletionTap {
  private readonly kafka: Kafka = createKafka(`bench-order-${randomUUID().slice(0, 8)}`);
  private consumer?: Consumer;
  private readonly pending = new Map<string, Pending>();
  readonly done: SagaRecord[] = [];

  get inFlight(): number {
    return this.pending.size;
  }

  async start(): Promise<void> {
    const topic = Topics.orderEvents;
    const admin = this.kafka.admin();
    await admin.connect();
    if (!(await admin.listTopics()).includes(topic)) {
      await admin
        .createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true })
        .catch(() => false);
    }
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    this.consumer = this.kafka.consumer({ groupId: `bench-order-${randomUUID()}`, maxWaitTimeInMs: 50 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: false });
    let joined!: () => void;
    const ready = new Promise<void>((r) => (joined = r));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => joined());
    await this.consumer.run({
      // a private group read from the end: nothing to commit, and kafkajs's commit after every batch would
      // hold the next fetch (tens of milliseconds on each outcome seen, see libs/messaging OffsetCommitter)
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          const type = headerString(m.headers, 'type');
          if (type !== 'OrderCompleted' && type !== 'OrderCancelled') continue;
          const orderId = m.key?.toString('utf8');
          const p = orderId ? this.pending.get(orderId) : undefined;
          if (!orderId || !p) continue;
          this.pending.delete(orderId);
          const code = type === 'OrderCancelled' ? cancelCode(m.value) : undefined;
          p.resolve({
            orderId,
            sentAt: p.sentAt,
            doneAt: now,
            outcome: type === 'OrderCompleted' ? 'completed' : 'cancelled',
            code,
          });
        }
      },
    });
    await ready;
    for (const { partition, offset } of ends) this.consumer.seek({ topic, partition, offset });
  }

  /** Registers the order before its POST is sent, so an outcome can never arrive unseen. */
  expect(orderId: string, sentAt: number, timeoutMs: number): Promise<SagaRecord> {
    return new Promise<SagaRecord>((resolve) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(orderId)) return;
        resolve({ orderId, sentAt, doneAt: Date.now(), outcome: 'timeout' });
      }, timeoutMs);
      this.pending.set(orderId, {
        sentAt,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    }).then((r) => {
      this.done.push(r);
      return r;
    });
  }

  forget(orderId: string): void {
    this.pending.delete(orderId);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function cancelCode(value: Buffer | null): string | undefined {
  try {
    const body = JSON.parse(value?.toString('utf8') ?? '') as { data?: { code?: unknown } };
    return typeof body.data?.code === 'string' ? body.data.code : undefined;
  } catch {
    return undefined;
  }
}

const ADDRESS = {
  name: 'Bench Buyer',
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postcode: '1015CJ',
  country: 'NL',
};

/** One saga: POST /orders, then its outcome from order.events (or a timeout / HTTP error). */
export async function runOne(
  tap: CompletionTap,
  t: OrderTemplate,
  seq: number,
  timeoutMs: number,
): Promise<SagaRecord> {
  const orderId = randomUUID();
  const sentAt = Date.now();
  const outcome = tap.expect(orderId, sentAt, timeoutMs);
  const body = {
    orderId,
    buyerId: t.buyers[seq % t.buyers.length],
    sellerId: t.sellerId,
    sku: t.skus[seq % t.skus.length],
    quantity: 1,
    amount: t.amount,
    address: ADDRESS,
  };
  try {
    const res = await fetch(`${t.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': `bench-${orderId}` },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`POST /orders answered ${res.status}`);
  } catch (e) {
    tap.forget(orderId);
    const failed: SagaRecord = {
      orderId,
      sentAt,
      doneAt: Date.now(),
      outcome: 'http_error',
      code: (e as Error).message,
    };
    tap.done.push(failed);
    await new Promise((r) => setTimeout(r, 100)); // do not spin on a refusing server
    return failed;
  }
  return outcome;
}

/** Closed loop: `concurrency` sagas in flight until `stop()` is called; resolves once all have ended. */
export function closedLoop(
  tap: CompletionTap,
  t: OrderTemplate,
  concurrency: number,
  timeoutMs: number,
): { stop: () => Promise<void> } {
  let running = true;
  let seq = 0;
  const worker = async (): Promise<void> => {
    while (running) await runOne(tap, t, seq++, timeoutMs);
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** Open loop: `rate` new sagas per second for `seconds`, independent of completions; all outcomes. */
export async function openLoop(
  tap: CompletionTap,
  t: OrderTemplate,
  rate: number,
  seconds: number,
  timeoutMs: number,
): Promise<SagaRecord[]> {
  const total = Math.round(rate * seconds);
  const started = Date.now();
  const all: Promise<SagaRecord>[] = [];
  for (let seq = 0; seq < total; seq++) {
    const wait = started + (seq * 1000) / rate - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    all.push(runOne(tap, t, seq, timeoutMs));
  }
  return Promise.all(all);
}
