/**
 * The saga test kit: drive any saga definition through the pure engine, input by input, the way the
 * orchestrator's store would (`SagaDriver`), or state one decision as `given(events).when(input).then(events)`.
 * Test-only: no clock, ids and jitter are deterministic.
 */
import {
  Decision,
  decide,
  decideWithRegistry,
  DecideEnv,
  IgnoreCode,
  isTerminal,
  OutstandingCommand,
  rehydrate,
  ReplyReceived,
  SagaDefinition,
  SagaEffect,
  SagaEvent,
  SagaInput,
  SagaMessage,
  SagaRegistry,
  SagaState,
} from '@app/saga';

export interface KitOptions {
  /** Ids handed out by env.newId, in order (then `<prefix>-<n>`). */
  readonly ids?: readonly string[];
  /** Values returned by env.random, in order (the last one repeats); default 0.5. */
  readonly random?: readonly number[];
}

export function testEnv(options: KitOptions = {}, prefix = 'id'): DecideEnv {
  const ids = [...(options.ids ?? [])];
  const randoms = [...(options.random ?? [0.5])];
  let generated = 0;
  return {
    newId: () => ids.shift() ?? `${prefix}-${++generated}`,
    random: () => (randoms.length > 1 ? (randoms.shift() as number) : (randoms[0] ?? 0.5)),
  };
}

export interface Outcome {
  readonly decision: Decision;
  readonly before: SagaState;
  /** The state after the decided events (the state before when ignored). */
  readonly state: SagaState;
  then(...expected: SagaEvent[]): Outcome;
  thenIgnored(code: IgnoreCode): Outcome;
  thenEffects(...expected: SagaEffect[]): Outcome;
}

/** `given(definition, ...history).when(input).then(...events)`: one decision of any saga definition. */
export function given(definition: SagaDefinition, ...history: SagaEvent[]) {
  return {
    when(input: SagaInput, options: KitOptions & { definition?: SagaDefinition } = {}): Outcome {
      const before = rehydrate(history);
      const decision = decide(before, input, options.definition ?? definition, testEnv(options));
      const outcome: Outcome = {
        decision,
        before,
        get state() {
          return decision.kind === 'decided' ? decision.state : before;
        },
        then(...expected) {
          expect(decision).toMatchObject({ kind: 'decided' });
          expect(decision.kind === 'decided' ? decision.events : []).toEqual(expected);
          return outcome;
        },
        thenIgnored(code) {
          expect(decision).toMatchObject({ kind: 'ignored', code });
          return outcome;
        },
        thenEffects(...expected) {
          expect(decision.kind === 'decided' ? decision.effects : []).toEqual(expected);
          return outcome;
        },
      };
      return outcome;
    },
  };
}

/** A fake participant's answer to a command; `outcome` defaults to success. */
export interface FakeReply {
  readonly type: string;
  readonly outcome?: 'success' | 'failure';
  readonly data?: Readonly<Record<string, unknown>>;
  readonly code?: string;
  readonly reason?: string;
}

/**
 * A participant played by a spec: its answer to a command the saga sent it (`sent` says which step,
 * phase and command id), or undefined to leave the command unanswered (the participant is down).
 */
export type FakeParticipant = (command: SagaMessage, sent: OutstandingCommand) => FakeReply | undefined;

/**
 * Drives one saga through a registry, keeping its stream like the store would. Command ids are
 * `c-1`, `c-2`, … and jitter is 0 unless given, so timer times are exact. Answer each command by hand
 * (`reply`, `refuse`, `fire`) or let fake participants answer them all (`runWith`).
 */
export class SagaDriver {
  readonly events: SagaEvent[] = [];
  /** The state after each decision, in order. */
  readonly states: SagaState[] = [];
  private ids = 0;
  private readonly registry: SagaRegistry;

  constructor(
    registryOrDefinitions: SagaRegistry | readonly SagaDefinition[],
    private readonly options: { random?: readonly number[]; sagaId?: string } = {},
  ) {
    this.registry = Array.isArray(registryOrDefinitions)
      ? new SagaRegistry().register(...(registryOrDefinitions as SagaDefinition[]))
      : (registryOrDefinitions as SagaRegistry);
  }

  get state(): SagaState {
    return rehydrate(this.events);
  }

  send(input: SagaInput, options: KitOptions = {}): Decision {
    const env = testEnv({ ids: [`c-${++this.ids}`], random: this.options.random ?? [0], ...options });
    const decision = decideWithRegistry(this.registry, this.state, input, env);
    if (decision.kind === 'decided') {
      this.events.push(...decision.events);
      this.states.push(decision.state);
    }
    return decision;
  }

  start(sagaType: string, data: object, now = 1): Decision {
    const sagaId = this.options.sagaId ?? 's';
    return this.send({ type: 'StartSaga', data: { sagaId, sagaType, data, correlationId: 'corr', now } });
  }

  /** Answers the command the saga waits on (success unless `extra.outcome` says otherwise). */
  reply(replyType: string, extra: Partial<ReplyReceived['data']> = {}): Decision {
    const o = this.state.outstanding;
    if (!o) throw new Error(`no command is outstanding (saga ${this.state.status})`);
    return this.send({
      type: 'ReplyReceived',
      data: {
        commandId: o.commandId,
        step: o.step,
        outcome: 'success',
        replyType,
        data: {},
        now: this.lastNow(),
        ...extra,
      },
    });
  }

  /** A refusal of the command the saga waits on. */
  refuse(replyType: string, code: string, reason: string): Decision {
    return this.reply(replyType, { outcome: 'failure', code, reason });
  }

  /**
   * Lets fake participants answer the saga's commands, one after another, until it ends, waits for an
   * operator, or a participant leaves a command unanswered. A command to a participant the spec did not
   * play, or an answer the engine ignores (a reply type the step does not declare), throws. Returns how
   * many replies were given.
   */
  runWith(participants: Readonly<Record<string, FakeParticipant>>, maxReplies = 100): number {
    for (let replies = 0; replies < maxReplies; replies += 1) {
      const sent = this.state.outstanding;
      if (!sent || sent.awaiting === 'operator' || isTerminal(this.state.status)) return replies;
      const participant = participants[sent.participant];
      if (!participant) throw new Error(`no fake for ${sent.participant} (${sent.command.type})`);
      const answer = participant(sent.command, sent);
      if (!answer) return replies;
      const { type, outcome = 'success', data = {}, code, reason } = answer;
      const decision = this.reply(type, {
        outcome,
        data,
        ...(code !== undefined ? { code } : {}),
        ...(reason !== undefined ? { reason } : {}),
      });
      if (decision.kind === 'ignored')
        throw new Error(`${type} to ${sent.step} ignored: ${decision.code} (${decision.reason})`);
    }
    throw new Error(`the saga still runs after ${maxReplies} replies`);
  }

  /** Fires the pending timer at its due time (a reply deadline or a retry delay). */
  fire(): Decision {
    const timer = this.state.timer;
    if (!timer) throw new Error('no pending timer');
    return this.send({ type: 'TimerFired', data: { timerId: timer.timerId, now: timer.at } });
  }

  /** The command the saga waits on (its type and payload). */
  get outstanding(): SagaMessage | undefined {
    return this.state.outstanding?.command;
  }

  get outstandingId(): string {
    return this.state.outstanding?.commandId ?? '';
  }

  get pendingTimer(): { timerId: string; at: number } {
    const timer = this.state.timer;
    if (!timer) throw new Error('no pending timer');
    return timer;
  }

  /** Types of every command issued so far, forward and compensation, in order. */
  sentTypes(): string[] {
    return this.events.flatMap((e) =>
      e.type === 'StepCommandIssued' || e.type === 'CompensationCommandIssued' ? [e.data.command.type] : [],
    );
  }

  /** The commands a decision sends (its `send` effects). */
  static sent(decision: Decision): SagaMessage[] {
    return decision.kind === 'decided'
      ? decision.effects.flatMap((e) => (e.kind === 'send' ? [e.command] : []))
      : [];
  }

  /** Event types with their step, e.g. `StepSucceeded:charge`, to read a history at a glance. */
  history(): string[] {
    return this.events.map((e) => {
      const step = (e.data as { step?: unknown }).step;
      return typeof step === 'string' ? `${e.type}:${step}` : e.type;
    });
  }

  private lastNow(): number {
    const timer = this.state.timer;
    return timer ? timer.at - 1 : 2;
  }
}
