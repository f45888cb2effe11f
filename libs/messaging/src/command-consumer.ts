import { Logger } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CommandMetadata,
  CommandMetadataSchema,
  Headers,
  ReplyOutcome,
  SagaCommand,
  SagaReply,
  Topics,
} from '@app/contracts';
import { describeError, isTransient, preparedQuery } from '@app/common';
import {
  kafkaConsumerAttributes,
  messagesConsumed,
  RequestContext,
  SpanKind,
  SpanSpec,
  startSpan,
  withSpan,
} from '@app/observability';
import { appendToOutbox, OutboxMessage } from '@app/outbox';
import { planSegments } from './command-batches';
import { decodeMessage, headerString } from './decode';
import { deadLetter } from './dead-letter';
import { ensureTopics } from './ensure-topics';
import { GroupCommit } from './group-commit';
import { consumerTuning, runTuning } from './kafka.factory';
import { OffsetCommitter } from './offset-committer';

/** What a participant's handler answers; the library writes it to the outbox as the saga reply. */
export interface ParticipantReply {
  type: string;
  outcome: ReplyOutcome;
  data: object;
  code?: string;
  reason?: string;
}

/**
 * A handler's "not yet": the participant cannot tell the outcome now (it waits on an outside system —
 * the chain — that is down or not done yet). Nothing is kept in `command_log` and no reply is written,
 * so the saga's reply deadline sends the same command again and the handler runs again. Only for
 * handlers that are safe to run any number of times until they answer.
 */
export interface NoReplyYet {
  readonly noReplyYet: string;
}

export const noReplyYet = (why: string): NoReplyYet => ({ noReplyYet: why });

/** A handler's failure reply of `type`: the step failed for a business reason (`code`, `reason`). */
export const failureReply = (
  type: string,
  { code, reason }: { code: string; reason: string },
): ParticipantReply => ({
  type,
  outcome: 'failure',
  data: {},
  code,
  reason,
});

const isNoReplyYet = (answer: ParticipantReply | NoReplyYet): answer is NoReplyYet => 'noReplyYet' in answer;

/** A saga command as its handler gets it: the message (libs/contracts) and the correlation id it carries. */
export interface ParticipantCommand<TData = unknown> extends SagaCommand<string, TData> {
  correlationId: string;
}

/** `TAnswer`: ParticipantReply for most; a handler waiting on an outside system may answer NoReplyYet. */
export interface CommandHandler<
  TData = unknown,
  TAnswer extends ParticipantReply | NoReplyYet = ParticipantReply,
> {
  /** JSON schema of `data`; an invalid command is dead-lettered with the reason. */
  schema?: object;
  /** The reply sent when a tombstone shows this forward command was already compensated. */
  refusedReplyType?: string;
  handle(manager: EntityManager, command: ParticipantCommand<TData>): Promise<TAnswer>;
  /**
   * Optional: many commands of this type at once, in the caller's transaction, with a fixed number of
   * statements instead of a few per command; the answers in the commands' order. It must leave the same
   * state and give the same answers as `handle` called on each command in turn (in some order: the
   * commands come from different sagas). The consumer passes at most one command per saga.
   */
  handleMany?(manager: EntityManager, commands: ParticipantCommand<TData>[]): Promise<TAnswer[]>;
}

export interface CommandConsumerOptions {
  participant: string;
  handlers: Record<string, CommandHandler<never, ParticipantReply | NoReplyYet>>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateMetadata = ajv.compile(CommandMetadataSchema);

type Valid = {
  message: KafkaMessage;
  command: ParticipantCommand;
  handler: CommandHandler<never, ParticipantReply | NoReplyYet>;
};

/**
 * Consumes `<participant>.commands`. Each command runs at most once per commandId: its reply is kept in
 * `command_log`, and a retried or redelivered command gets the stored reply again. A compensation
 * leaves a tombstone for its `forwardCommandId`, so a late forward command is refused, not applied.
 * The batches of all partitions are applied in one transaction (`GroupCommit`): the command log and
 * tombstones are read for the whole group in two statements, each handler runs in order, and the log
 * rows, tombstones and replies are written with one multi-row statement each.
 */
export class CommandConsumer {
  private readonly logger: Logger;
  private readonly validators = new Map<string, ValidateFunction>();
  private consumer?: Consumer;
  private offsets?: OffsetCommitter;
  private producer?: Producer;
  private readonly group = new GroupCommit<Valid>((batches) => this.applyGroup(batches.flat()));
  /** GAVEL_COMMAND_BATCHES=false runs every command alone (`handle`), e.g. to compare or to rule batches out. */
  private readonly batching = process.env.GAVEL_COMMAND_BATCHES !== 'false';

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly options: CommandConsumerOptions,
  ) {
    this.logger = new Logger(`Commands:${options.participant}`);
    for (const [type, h] of Object.entries(options.handlers))
      if (h.schema) this.validators.set(type, ajv.compile(h.schema));
  }

  get topic(): string {
    return Topics.commands(this.options.participant);
  }

  async start(): Promise<void> {
    await ensureTopics(this.kafka, [this.topic]);
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: true,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: `${this.options.participant}-commands`,
      ...consumerTuning(),
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    this.offsets = new OffsetCommitter(this.consumer, `${this.options.participant}-commands`, this.logger);
    this.offsets.start();
    await this.consumer.run({ ...runTuning(), eachBatch: (p) => this.onBatch(p) });
  }

  async stop(): Promise<void> {
    await this.offsets?.stop();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const valid: Valid[] = [];
    for (const message of batch.messages) {
      const checked = this.check(message);
      if ('reason' in checked)
        await deadLetter(
          this.producer!,
          this.logger,
          this.options.participant,
          batch.topic,
          message,
          checked.reason,
        );
      else valid.push(checked);
    }
    await this.group.acknowledgeAfter(valid, payload, this.offsets!);
  }

  private async applyGroup(valid: Valid[]): Promise<void> {
    if (valid.length === 0) return;
    try {
      await this.dataSource.transaction((m) => this.applyAll(m, valid));
    } catch (e) {
      this.logger.warn({ message: 'command batch failed, applying one by one', error: (e as Error).message });
      for (const v of valid) await this.applyAlone(v);
    }
  }

  /**
   * One command in its own transaction. A deterministic failure (constraint, bad data, a bug) becomes
   * a failure reply (`PARTICIPANT.ERROR`) so the saga compensates instead of the partition stalling;
   * an infrastructure fault is rethrown and retried.
   */
  private async applyAlone(v: Valid): Promise<void> {
    try {
      await this.dataSource.transaction((m) => this.applyAll(m, [v]));
    } catch (e) {
      if (isTransient(e)) throw e;
      const reason = describeError(e);
      this.logger.error({
        message: 'command failed, replying with a failure',
        type: v.command.type,
        commandId: v.command.metadata.commandId,
        reason,
      });
      // Not kept in command_log: an operator's retry after a fix must run the handler again.
      const failed: ParticipantReply = {
        type: `${v.command.type}.failed`,
        outcome: 'failure',
        data: {},
        code: 'PARTICIPANT.ERROR',
        reason,
      };
      await this.dataSource.transaction((m) => appendToOutbox(m, [replyMessage(v.command, failed)]));
    }
  }

  private check(message: KafkaMessage): Valid | { reason: string } {
    const decoded = decodeMessage(message);
    if (!decoded.ok) return { reason: decoded.reason };
    const raw = decoded.body;
    if (!validateMetadata(raw.metadata))
      return { reason: `INVALID_METADATA: ${ajv.errorsText(validateMetadata.errors)}` };
    const handler = this.options.handlers[decoded.envelope.type];
    if (!handler) return { reason: `UNKNOWN_COMMAND: ${decoded.envelope.type}` };
    const validate = this.validators.get(decoded.envelope.type);
    if (validate && !validate(decoded.envelope.data))
      return { reason: `INVALID_PAYLOAD: ${ajv.errorsText(validate.errors)}` };
    const metadata = raw.metadata as CommandMetadata;
    return {
      message,
      handler,
      command: {
        type: decoded.envelope.type,
        data: decoded.envelope.data,
        metadata,
        correlationId: decoded.envelope.metadata.correlationId,
      },
    };
  }

  /**
   * Applies commands in order inside the caller's transaction. A command already in the log (or seen
   * earlier in this group) gets its stored reply again; a forward command with a tombstone (stored, or
   * left by a compensation earlier in this group) is refused; any other runs its handler — with the
   * other commands of its batch when its handler takes many at once (`planSegments`).
   */
  private async applyAll(manager: EntityManager, valid: Valid[]): Promise<void> {
    const ids = valid.map((v) => v.command.metadata.commandId);
    const logged = new Map<string, ParticipantReply>(
      (
        await preparedQuery<{ command_id: string; reply: ParticipantReply }>(
          manager,
          'gavel_command_log_lookup',
          `SELECT command_id, reply FROM command_log WHERE command_id = ANY($1)`,
          [ids],
        )
      ).rows.map((r) => [r.command_id, r.reply]),
    );
    const forwardIds = valid
      .filter((v) => v.command.metadata.phase === 'forward')
      .map((v) => v.command.metadata.commandId);
    const tombstones = new Set<string>(
      forwardIds.length === 0
        ? []
        : (
            (await manager.query(
              `SELECT forward_command_id FROM command_tombstones WHERE forward_command_id = ANY($1)`,
              [forwardIds],
            )) as { forward_command_id: string }[]
          ).map((r) => r.forward_command_id),
    );
    const newLog: { commandId: string; type: string; sagaId: string; reply: ParticipantReply }[] = [];
    const newTombstones: string[] = [];
    const replies: OutboxMessage[] = [];
    const record = (v: Valid, reply: Applied | undefined): void => {
      if (reply === undefined) return;
      replies.push({ ...replyMessage(v.command, reply.reply), ...reply.context });
      if (!reply.fresh) return;
      const { commandId, sagaId, phase } = v.command.metadata;
      logged.set(commandId, reply.reply);
      newLog.push({ commandId, type: v.command.type, sagaId, reply: reply.reply });
      const forward = (v.command.data as { forwardCommandId?: unknown }).forwardCommandId;
      if (phase === 'compensation' && typeof forward === 'string' && !tombstones.has(forward)) {
        tombstones.add(forward);
        newTombstones.push(forward);
      }
    };
    const segments = planSegments(valid, {
      batchOf: (v) => (this.batching && v.handler.handleMany ? v.handler : undefined),
      sagaOf: (v) => v.command.metadata.sagaId,
      idOf: (v) => v.command.metadata.commandId,
    });
    for (const segment of segments) {
      if (segment.kind === 'single') {
        record(segment.item, await this.applyOne(manager, segment.item, logged, tombstones));
        continue;
      }
      for (const batch of segment.batches) {
        const applied = await this.applyBatch(manager, batch, logged, tombstones);
        batch.forEach((v, i) => record(v, applied[i]));
      }
    }
    if (newTombstones.length > 0)
      await manager.query(
        `INSERT INTO command_tombstones (forward_command_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
        [newTombstones],
      );
    if (newLog.length > 0)
      await preparedQuery(
        manager,
        'gavel_command_log_insert',
        `INSERT INTO command_log (command_id, type, saga_id, reply)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
        [
          newLog.map((l) => l.commandId),
          newLog.map((l) => l.type),
          newLog.map((l) => l.sagaId),
          newLog.map((l) => JSON.stringify(l.reply)),
        ],
      );
    await appendToOutbox(manager, replies);
  }

  private applyOne(
    manager: EntityManager,
    v: Valid,
    logged: ReadonlyMap<string, ParticipantReply>,
    tombstones: ReadonlySet<string>,
  ): Promise<Applied | undefined> {
    const { command, handler } = v;
    const { metadata, correlationId } = command;
    const span = this.spanOf(v);
    return withSpan(span, { correlationId, sagaId: metadata.sagaId, messageId: span.messageId }, async () => {
      // the reply is written after the group's handlers: it keeps this command's causation and trace
      const ctx = RequestContext.current();
      const context = {
        causationId: span.messageId,
        ...(ctx?.traceparent ? { traceparent: ctx.traceparent } : {}),
      };
      const known = this.answerKnown(v, logged, tombstones);
      const answer = known ?? (await handler.handle(manager, command as ParticipantCommand<never>));
      return this.conclude(v, answer, context, logged.has(metadata.commandId));
    });
  }

  /**
   * Commands of one batching handler: those answered already (logged, tombstoned) are answered as
   * alone; the others go to `handleMany` together, each with its own span (all of them last as long as
   * the batch).
   */
  private async applyBatch(
    manager: EntityManager,
    batch: Valid[],
    logged: ReadonlyMap<string, ParticipantReply>,
    tombstones: ReadonlySet<string>,
  ): Promise<(Applied | undefined)[]> {
    const spans = batch.map((v) => {
      const spec = this.spanOf(v);
      return { messageId: spec.messageId, span: startSpan(spec) };
    });
    const contexts = spans.map(({ messageId, span }) => ({
      causationId: messageId,
      traceparent: span.traceparent,
    }));
    const known: (ParticipantReply | NoReplyYet | undefined)[] = batch.map((v) =>
      this.answerKnown(v, logged, tombstones),
    );
    const todo = batch.flatMap((v, i) => (known[i] === undefined ? [i] : []));
    try {
      const answers =
        todo.length === 0
          ? []
          : await batch[todo[0]].handler.handleMany!(
              manager,
              todo.map((i) => batch[i].command as ParticipantCommand<never>),
            );
      if (answers.length !== todo.length)
        throw new Error(`handleMany answered ${answers.length} of ${todo.length} commands`);
      todo.forEach((at, i) => (known[at] = answers[i]));
      // each command's outcome is counted and logged in its own context (correlation id, saga, span)
      const applied = batch.map((v, i) =>
        RequestContext.run(
          {
            correlationId: v.command.correlationId,
            sagaId: v.command.metadata.sagaId,
            messageId: spans[i].messageId,
            traceparent: spans[i].span.traceparent,
          },
          () => this.conclude(v, known[i]!, contexts[i], logged.has(v.command.metadata.commandId)),
        ),
      );
      for (const { span } of spans) span.end();
      return applied;
    } catch (error) {
      for (const { span } of spans) span.end({ error });
      throw error;
    }
  }

  private spanOf({ message, command }: Valid): SpanSpec & { messageId: string } {
    const { metadata } = command;
    const messageId = headerString(message.headers, Headers.messageId) ?? metadata.commandId;
    return {
      messageId,
      name: `process ${this.topic}`,
      kind: SpanKind.CONSUMER,
      parent: headerString(message.headers, Headers.traceparent),
      attributes: {
        ...kafkaConsumerAttributes(this.topic, messageId, command.type, metadata.sagaId),
        'gavel.command.id': metadata.commandId,
      },
    };
  }

  /** The answer without running the handler: the logged reply of a duplicate, or a tombstone's refusal. */
  private answerKnown(
    { command, handler }: Valid,
    logged: ReadonlyMap<string, ParticipantReply>,
    tombstones: ReadonlySet<string>,
  ): ParticipantReply | undefined {
    const { metadata } = command;
    const previous = logged.get(metadata.commandId);
    if (previous) return previous;
    if (metadata.phase === 'forward' && tombstones.has(metadata.commandId))
      return refusedReply(command, handler);
    return undefined;
  }

  private conclude(
    { command }: Valid,
    answer: ParticipantReply | NoReplyYet,
    context: Applied['context'],
    duplicate: boolean,
  ): Applied | undefined {
    const { metadata } = command;
    const consumed = { consumer: this.options.participant, topic: this.topic };
    if (duplicate && !isNoReplyYet(answer)) {
      messagesConsumed.inc({ ...consumed, outcome: 'duplicate' });
      return { reply: answer, fresh: false, context };
    }
    if (isNoReplyYet(answer)) {
      messagesConsumed.inc({ ...consumed, outcome: 'not_yet' });
      this.logger.debug({
        message: 'no reply yet',
        type: command.type,
        commandId: metadata.commandId,
        why: answer.noReplyYet,
      });
      return undefined;
    }
    messagesConsumed.inc({ ...consumed, outcome: 'applied' });
    this.logger.log({
      message: 'command applied',
      type: command.type,
      commandId: metadata.commandId,
      outcome: answer.outcome,
      code: answer.code,
    });
    return { reply: answer, fresh: true, context };
  }
}

/** A command's reply as the group writes it: `fresh` ones go into the command log too. */
interface Applied {
  reply: ParticipantReply;
  fresh: boolean;
  context: Pick<OutboxMessage, 'causationId' | 'traceparent'>;
}

function refusedReply(
  command: ParticipantCommand,
  handler: CommandHandler<never, ParticipantReply | NoReplyYet>,
): ParticipantReply {
  return {
    type: handler.refusedReplyType ?? `${command.type}.refused`,
    outcome: 'failure',
    data: {},
    code: 'SAGA.ALREADY_COMPENSATED',
    reason: 'this command was compensated before it arrived',
  };
}

/** The saga reply to a command, for `orchestrator.replies` (key = sagaId). */
function replyMessage(command: ParticipantCommand, reply: ParticipantReply): OutboxMessage {
  const message: SagaReply = {
    type: reply.type,
    data: reply.data,
    metadata: {
      commandId: command.metadata.commandId,
      sagaId: command.metadata.sagaId,
      step: command.metadata.step,
      outcome: reply.outcome,
      ...(reply.code ? { code: reply.code } : {}),
      ...(reply.reason ? { reason: reply.reason } : {}),
    },
  };
  return {
    topic: Topics.orchestratorReplies,
    key: command.metadata.sagaId,
    type: message.type,
    data: message.data,
    metadata: message.metadata,
    sagaId: command.metadata.sagaId,
    correlationId: command.correlationId,
  };
}
