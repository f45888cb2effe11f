import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { createKafka } from '@app/messaging';
import { waitFor } from '../../support/env';
import { KafkaTap, produceRaw, TappedRecord } from '../../support/kafka-tap';

/**
 * The orchestrator under test publishes commands to `<prefix><participant>.commands`, so the real
 * participants (developed and tested on the same cluster) never see them; the tests play the participants.
 */
export const COMMAND_TOPIC_PREFIX = 'gavel-test-orch.';

export const orchestratorTestEnv: Record<string, string> = {
  GAVEL_COMMAND_TOPIC_PREFIX: COMMAND_TOPIC_PREFIX,
  GAVEL_ORCHESTRATOR_GROUP: 'orchestrator-int-test',
  GAVEL_SAGA_STEP_TIMEOUT_MS: '4000',
  GAVEL_SAGA_RETRY_DELAY_MS: '300',
  GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '4000',
  GAVEL_SAGA_TIMER_POLL_MS: '100',
};

export function applyEnv(env: Record<string, string>): void {
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
}

/**
 * Moves the test orchestrator's consumer group to the end of orchestrator.replies before it starts, so
 * it does not first wade through the replies of every benchmark and service run on this (shared,
 * long-lived) cluster since its last test run. The tests only produce replies after the start.
 */
export async function skipRepliesBacklog(
  groupId = process.env.GAVEL_ORCHESTRATOR_GROUP ?? 'orchestrator-int-test',
): Promise<void> {
  await ensureTopics([Topics.orchestratorReplies]);
  const admin = createKafka(`test-admin-${randomUUID()}`).admin();
  await admin.connect();
  try {
    // Explicit offsets: a committed "latest" (-1) reads as no offset to a consumer set to fromBeginning.
    const ends = await admin.fetchTopicOffsets(Topics.orchestratorReplies);
    await admin.setOffsets({
      groupId,
      topic: Topics.orchestratorReplies,
      partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
    });
  } finally {
    await admin.disconnect();
  }
}

export interface Command {
  topic: string;
  sagaId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: {
    commandId: string;
    sagaId: string;
    sagaType: string;
    step: string;
    phase: string;
    attempt: number;
  };
  headers: Record<string, string>;
  timestamp: number;
}

export interface ReplySpec {
  type: string;
  outcome?: 'success' | 'failure';
  data?: Record<string, unknown>;
  code?: string;
  reason?: string;
  messageId?: string;
}

const PARTICIPANTS = ['wallet', 'payment', 'warehouse', 'delivery'];

/** Creates the topics (6 partitions) and waits until every partition has a leader. */
export async function ensureTopics(topics: string[]): Promise<void> {
  const admin = createKafka(`test-admin-${randomUUID()}`).admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    const missing = topics.filter((t) => !existing.includes(t));
    if (missing.length > 0) {
      await admin
        .createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: 6 })), waitForLeaders: true })
        .catch(() => false);
    }
    for (const topic of topics)
      await waitFor(
        `leaders of ${topic}`,
        async () => (await admin.fetchTopicOffsets(topic)).length > 0,
        30_000,
        250,
      );
  } finally {
    await admin.disconnect();
  }
}

function parse(record: TappedRecord): Command {
  const value = (typeof record.value === 'string' ? JSON.parse(record.value) : record.value) as Omit<
    Command,
    'topic'
  >;
  return {
    ...value,
    topic: record.topic,
    sagaId: record.key ?? '',
    headers: record.headers,
    timestamp: Number(record.raw.timestamp),
  };
}

export class FakeParticipants {
  private readonly taps = PARTICIPANTS.map(
    (p) => new KafkaTap(`${COMMAND_TOPIC_PREFIX}${Topics.commands(p)}`),
  );

  async start(): Promise<void> {
    await ensureTopics([
      ...PARTICIPANTS.map((p) => `${COMMAND_TOPIC_PREFIX}${Topics.commands(p)}`),
      Topics.orchestratorReplies,
    ]);
    await Promise.all(this.taps.map((t) => t.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.taps.map((t) => t.stop()));
  }

  /**
   * Ends, as an operator would (abort), every saga this test sent commands for that is still going. A
   * saga nobody answers is never abandoned (most steps have no deadline), so it would otherwise keep
   * retrying on the shared database, and any orchestrator started later would fire its timers.
   * `orchestrator`: the in-process app, or the URL of a spawned one.
   */
  async abortUnfinished(orchestrator: INestApplication | string): Promise<void> {
    const ids = [...new Set(this.taps.flatMap((t) => t.records.map((r) => r.key ?? '')).filter(Boolean))];
    for (let i = 0; i < ids.length; i += 200) {
      const body = { by: 'test-cleanup', reason: 'end of test', ids: ids.slice(i, i + 200) };
      if (typeof orchestrator === 'string') {
        await fetch(`${orchestrator}/sagas/actions/abort`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-gavel-role': 'admin' },
          body: JSON.stringify(body),
        }).catch(() => undefined);
      } else {
        await request(orchestrator.getHttpServer())
          .post('/sagas/actions/abort')
          .set('x-gavel-role', 'admin')
          .send(body);
      }
    }
  }

  /** Every command sent for a saga, in the order they were published. */
  commands(sagaId: string): Command[] {
    return this.taps
      .flatMap((t) => t.byKey(sagaId))
      .map(parse)
      .sort((a, b) => a.timestamp - b.timestamp);
  }

  types(sagaId: string): string[] {
    return this.commands(sagaId).map((c) => c.type);
  }

  /** Waits for the `nth` (1-based) command of this type for the saga. */
  command(sagaId: string, type: string, nth = 1, timeoutMs = 30_000): Promise<Command> {
    return waitFor(
      `command #${nth} ${type} for ${sagaId}`,
      async () => this.commands(sagaId).filter((c) => c.type === type)[nth - 1],
      timeoutMs,
      50,
    );
  }

  async reply(command: Command, spec: ReplySpec): Promise<string> {
    const messageId = spec.messageId ?? randomUUID();
    const outcome = spec.outcome ?? 'success';
    const value = {
      type: spec.type,
      data: spec.data ?? {},
      metadata: {
        commandId: command.metadata.commandId,
        sagaId: command.metadata.sagaId,
        step: command.metadata.step,
        outcome,
        ...(spec.code ? { code: spec.code } : {}),
        ...(spec.reason ? { reason: spec.reason } : {}),
      },
    };
    await produceRaw(Topics.orchestratorReplies, [
      {
        key: command.metadata.sagaId,
        value: JSON.stringify(value),
        headers: {
          'message-id': messageId,
          'saga-id': command.metadata.sagaId,
          'correlation-id': command.headers['correlation-id'] ?? messageId,
        },
      },
    ]);
    return messageId;
  }

  /** Waits for the command, then answers it. */
  async answer(sagaId: string, commandType: string, spec: ReplySpec, nth = 1): Promise<Command> {
    const command = await this.command(sagaId, commandType, nth);
    await this.reply(command, spec);
    return command;
  }
}

export const newOrder = (overrides: Record<string, unknown> = {}) => ({
  orderId: randomUUID(),
  buyerId: `buyer-${randomUUID().slice(0, 8)}`,
  sellerId: `seller-${randomUUID().slice(0, 8)}`,
  sku: 'SKU-1',
  quantity: 2,
  amount: 12_345,
  address: { name: 'Ada Lovelace', line1: '12 Main St', city: 'Berlin', postcode: '10115', country: 'DE' },
  ...overrides,
});
