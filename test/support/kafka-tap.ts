import { randomUUID } from 'node:crypto';
import { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { createKafka, headerString } from '@app/messaging';

export interface TappedRecord {
  topic: string;
  partition: number;
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
  raw: KafkaMessage;
}

function flatHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) out[name] = headerString(headers, name) ?? '';
  return out;
}

/** Reads a topic from its current end onwards, with a private consumer group. */
export class KafkaTap {
  readonly records: TappedRecord[] = [];
  private consumer?: Consumer;
  private readonly kafka: Kafka = createKafka(`test-tap-${randomUUID()}`);

  constructor(private readonly topic: string) {}

  /** Retries while a topic created a moment ago has no partition leader yet. */
  async start(attempts = 5): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        return await this.startOnce();
      } catch (e) {
        await this.consumer?.disconnect().catch(() => undefined);
        if (i >= attempts) throw e;
        await new Promise((r) => setTimeout(r, 500 * i));
      }
    }
  }

  private async startOnce(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    if (!(await admin.listTopics()).includes(this.topic)) {
      await admin
        .createTopics({ topics: [{ topic: this.topic, numPartitions: 6 }], waitForLeaders: true })
        .catch(() => false);
    }
    const ends = await admin.fetchTopicOffsets(this.topic);
    await admin.disconnect();
    this.consumer = this.kafka.consumer({ groupId: `test-tap-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    let ready!: () => void;
    const joined = new Promise<void>((r) => (ready = r));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => ready());
    await this.consumer.run({
      // a private group read from the end: nothing to commit, and kafkajs's per-batch commit delays fetches
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        let value: unknown = null;
        try {
          value = message.value ? JSON.parse(message.value.toString('utf8')) : null;
        } catch {
          value = message.value?.toString('utf8');
        }
        this.records.push({
          topic,
          partition,
          key: message.key?.toString('utf8') ?? null,
          value,
          headers: flatHeaders(message.headers),
          raw: message,
        });
      },
    });
    await joined;
    for (const { partition, offset } of ends) this.consumer.seek({ topic: this.topic, partition, offset });
  }

  byKey(key: string): TappedRecord[] {
    return this.records.filter((r) => r.key === key);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export async function produceRaw(
  topic: string,
  messages: {
    key?: string;
    value: string | Buffer | null;
    headers?: Record<string, string | Buffer>;
    partition?: number;
  }[],
): Promise<void> {
  const producer = createKafka(`test-producer-${randomUUID()}`).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  await producer.send({ topic, messages });
  await producer.disconnect();
}
