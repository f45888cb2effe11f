import { INestApplication, Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { startInProcess } from '../support/apps';
import { closePools, db, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';

/** What the commands of a saga wrote to a service's outbox (topic and type), in order. */
export async function sagaOutbox(
  service: string,
  sagaId: string,
): Promise<{ aggregatetype: string; type: string }[]> {
  return (
    await db(service).query(
      'SELECT aggregatetype, type FROM outbox WHERE saga_id = $1 ORDER BY created_at, type',
      [sagaId],
    )
  ).rows;
}

/** An outbox row of a saga reply, as `sagaOutbox` lists it. */
export const replyRow = (type: string) => ({ aggregatetype: Topics.orchestratorReplies, type });

/** A saga reply as it arrives on `orchestrator.replies`. */
export interface Reply {
  type: string;
  data: Record<string, unknown>;
  metadata: {
    commandId: string;
    sagaId: string;
    step: string;
    outcome: string;
    code?: string;
    reason?: string;
  };
}

/** A topic created a moment ago may not have partition leaders yet: retry the tap until it can start. */
const startTap = (tap: KafkaTap): Promise<true> =>
  waitFor('a Kafka tap', () => tap.start().then(() => true as const), 30_000, 500);

export interface CommandOptions {
  step: string;
  phase: 'forward' | 'compensation';
  commandId?: string;
  sagaId?: string;
}

export interface ParticipantUnderTest {
  /** The service booted in this process; read it inside a test or hook (it is set in `beforeAll`). */
  readonly app: INestApplication;
  /** Every reply on `orchestrator.replies` since the spec started. */
  readonly replies: KafkaTap;
  /** The dead letters of the participant's command topic. */
  readonly dlq: KafkaTap;
  http(): ReturnType<typeof request>;
  /** Produces a command of an Order saga to the participant's topic, as the orchestrator does. */
  send(type: string, data: object, opts: CommandOptions): Promise<{ commandId: string; sagaId: string }>;
  /**
   * Produces several commands in one request to one partition, so the participant fetches them as one
   * batch and applies them in one transaction (`handleMany` where the handler has it).
   */
  sendBatch(
    commands: { type: string; data: object; opts: CommandOptions }[],
  ): Promise<{ commandId: string; sagaId: string }[]>;
  /** The replies to a command seen so far. */
  repliesTo(commandId: string): Reply[];
  /** Waits for `count` replies to a command; the latest of them. */
  reply(commandId: string, count?: number): Promise<Reply>;
}

/**
 * Registers the hooks of a participant's spec: before all (after `before`, e.g. a check that the stack is
 * ready), the reply and dead-letter taps and the service in this process; after all, all of it stopped
 * and the database pools closed.
 */
export function participantOverKafka(
  name: string,
  rootModule: Type<unknown>,
  before?: () => Promise<void>,
): ParticipantUnderTest {
  const replies = new KafkaTap(Topics.orchestratorReplies);
  const dlq = new KafkaTap(Topics.deadLetter(Topics.commands(name)));
  let app: INestApplication;

  beforeAll(async () => {
    await before?.();
    await Promise.all([replies, dlq].map(startTap));
    app = await startInProcess(rootModule);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([replies.stop(), dlq.stop()]);
    await closePools();
  });

  const repliesTo = (commandId: string): Reply[] =>
    replies.records.map((r) => r.value as Reply).filter((v) => v?.metadata?.commandId === commandId);

  return {
    get app() {
      return app;
    },
    replies,
    dlq,
    http: () => request(app.getHttpServer()),
    async send(type, data, opts) {
      const { ids, record } = commandRecord(type, data, opts);
      await produceRaw(Topics.commands(name), [record]);
      return ids;
    },
    async sendBatch(commands) {
      const records = commands.map((c) => commandRecord(c.type, c.data, c.opts));
      await produceRaw(
        Topics.commands(name),
        records.map((r) => ({ ...r.record, partition: 0 })),
      );
      return records.map((r) => r.ids);
    },
    repliesTo,
    async reply(commandId, count = 1) {
      const found = await waitFor(
        `reply to ${commandId}`,
        async () => repliesTo(commandId).length >= count && repliesTo(commandId),
      );
      return found[found.length - 1];
    },
  };
}

/** A saga command as the orchestrator produces it (key = saga id). */
function commandRecord(
  type: string,
  data: object,
  opts: CommandOptions,
): {
  ids: { commandId: string; sagaId: string };
  record: { key: string; value: string; headers: Record<string, string> };
} {
  const commandId = opts.commandId ?? randomUUID();
  const sagaId = opts.sagaId ?? uniqueId('saga');
  const metadata = { commandId, sagaId, sagaType: 'Order', step: opts.step, phase: opts.phase, attempt: 1 };
  return {
    ids: { commandId, sagaId },
    record: {
      key: sagaId,
      value: JSON.stringify({ type, data, metadata }),
      headers: { 'message-id': randomUUID() },
    },
  };
}
