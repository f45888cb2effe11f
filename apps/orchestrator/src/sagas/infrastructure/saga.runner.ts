import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from 'typeorm';
import { ContextFields, RequestContext } from '@app/observability';
import {
  Decision,
  decideWithRegistry,
  IgnoreCode,
  rehydrate,
  SagaEvent,
  SagaInput,
  SagaState,
  StartSaga,
} from '@app/saga';
import { SAGA_CATALOG, SagaCatalog } from '../saga-catalog';
import { SagaEffectsWriter } from './saga-effects.writer';
import { SagaEventMetadata, SagaEventStore, StoredSagaEvent } from './saga-event.store';
import { SagaProjection } from './saga-projection.repository';
import { SagaTimers } from './saga-timer.repository';
import { SagaWrites } from './saga-writes';
import { observeDecision } from './saga.metrics';

export interface RunContext {
  actor: SagaEventMetadata['actor'];
  causationId?: string;
  correlationId?: string;
  by?: string;
  /** W3C trace context of what caused the decision (defaults to the current request's). */
  traceparent?: string;
}

/** One input for one saga, in `runMany`. */
export interface RunItem {
  sagaId: string;
  input: SagaInput;
  ctx: RunContext;
  /** Log/trace context to decide in (a consumer's message); default: the caller's. */
  request?: ContextFields;
  /** The caller found no events for this saga in this transaction (a start): nothing to load. */
  unborn?: boolean;
}

/** A saga's state as last committed, with when each of its commands was first issued (for metrics). */
interface Folded {
  state: SagaState;
  issuedAt: Map<string, number>;
}

/** How many sagas' states `runMany` keeps between groups (GAVEL_SAGA_STATE_CACHE, 0 = off). */
const CACHE_SIZE = Number(process.env.GAVEL_SAGA_STATE_CACHE ?? 20_000);

export type StartOutcome =
  | { kind: 'started'; state: SagaState }
  | { kind: 'existing'; state: SagaState; same: boolean }
  | { kind: 'refused'; state: SagaState; code: IgnoreCode; reason: string };

export type RunOutcome =
  | { kind: 'decided'; before: SagaState; state: SagaState; events: readonly SagaEvent[] }
  | { kind: 'ignored'; state: SagaState; code: IgnoreCode; reason: string };

/** A definition's builder threw: a bug, not a message problem. Replies that cause it are dead-lettered. */
export class SagaDecisionError extends Error {
  constructor(
    readonly sagaId: string,
    readonly inputType: string,
    readonly error: unknown,
  ) {
    super(
      `deciding ${inputType} for saga ${sagaId} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    this.name = SagaDecisionError.name;
  }
}

/**
 * The adapter loop around the pure engine, inside the caller's transaction, for one input or a group:
 * lock the sagas' rows (in id order) → their states (from the cache when its seq matches the locked row,
 * else folded from their events) → decide each input in order → write the group's events, effects
 * (outbox, timers), projection rows and change notifications with one statement per table. Any failure
 * rolls all of it back. The cache only ever holds committed states: `runMany` hands back `committed`,
 * which the caller calls after its transaction committed; a state is used again only while its seq is
 * the one in the database, so another replica's or another path's decision just causes a reload.
 */
@Injectable()
export class SagaRunner {
  private readonly logger = new Logger(SagaRunner.name);
  private readonly cache = new Map<string, Folded>();

  constructor(
    @Inject(SAGA_CATALOG) private readonly catalog: SagaCatalog,
    private readonly store: SagaEventStore,
    private readonly projection: SagaProjection,
    private readonly effects: SagaEffectsWriter,
    private readonly timers: SagaTimers,
  ) {}

  async run(manager: EntityManager, sagaId: string, input: SagaInput, ctx: RunContext): Promise<RunOutcome> {
    const { outcomes } = await this.runMany(manager, [{ sagaId, input, ctx }]);
    return outcomes[0];
  }

  async runMany(
    manager: EntityManager,
    items: readonly RunItem[],
  ): Promise<{ outcomes: RunOutcome[]; committed: () => void }> {
    const ids = [...new Set(items.filter((i) => i.input.type !== 'StartSaga').map((i) => i.sagaId))];
    const folded = await this.lockAndFold(manager, ids, items);
    const writes = new SagaWrites();
    const outcomes: RunOutcome[] = [];
    for (const item of items) {
      const decideOne = (): RunOutcome => this.decideInto(writes, folded, item);
      outcomes.push(item.request ? RequestContext.run(item.request, decideOne) : decideOne());
    }
    await writes.flush(manager, { store: this.store, projection: this.projection, timers: this.timers });
    return {
      outcomes,
      committed: () => {
        for (const sagaId of writes.sagas.keys()) {
          const f = folded.get(sagaId);
          if (f) this.remember(sagaId, f);
        }
      },
    };
  }

  private decideInto(
    writes: SagaWrites,
    folded: Map<string, Folded>,
    { sagaId, input, ctx }: RunItem,
  ): RunOutcome {
    const current = folded.get(sagaId) ?? { state: rehydrate([]), issuedAt: new Map<string, number>() };
    const before = current.state;
    const decision = this.decide(sagaId, before, input);
    if (decision.kind === 'ignored') {
      // a duplicate or stale reply, a timer that no longer applies: normal, nothing is written
      this.logger.debug({
        message: 'input ignored',
        sagaId,
        input: input.type,
        code: decision.code,
        reason: decision.reason,
      });
      return { kind: 'ignored', state: before, code: decision.code, reason: decision.reason };
    }
    const now = input.data.now;
    const at = new Date(now);
    const request = RequestContext.current();
    const traceparent = ctx.traceparent ?? request?.traceparent;
    const metadata: SagaEventMetadata = {
      input: input.type,
      actor: ctx.actor,
      correlationId: decision.state.correlationId,
      ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
      ...(ctx.by ? { by: ctx.by } : {}),
      ...(traceparent ? { traceparent } : {}),
    };
    writes.appendEvents(sagaId, before.seq, decision.events, metadata, at);
    this.effects.collect(writes, before, decision, {
      causationId: ctx.causationId ?? request?.messageId,
      traceparent,
    });
    writes.sagas.set(sagaId, { state: decision.state, at });
    // Delivered to long-polling readers when this commits; only for changes they may be waiting for.
    if (this.catalog.hooks(decision.state.sagaType).settles(before, decision.state))
      writes.changed.add(sagaId);
    const issuedAt = noteIssued(new Map(current.issuedAt), decision.events, () => now);
    observeDecision(before, decision, (commandId) => current.issuedAt.get(commandId), now);
    folded.set(sagaId, { state: decision.state, issuedAt });
    this.logger.log({
      message: 'saga decided',
      sagaId,
      correlationId: decision.state.correlationId,
      input: input.type,
      events: decision.events.map((e) => e.type),
      status: decision.state.status,
    });
    return { kind: 'decided', before, state: decision.state, events: decision.events };
  }

  /** Locks the rows, then the states: cached ones whose seq matches, the others folded from their events. */
  private async lockAndFold(
    manager: EntityManager,
    ids: readonly string[],
    items: readonly RunItem[],
  ): Promise<Map<string, Folded>> {
    const folded = new Map<string, Folded>();
    const locked = await this.projection.lockMany(manager, ids);
    for (const id of ids) if (!locked.has(id)) await this.lock(manager, id);
    const toLoad = [...new Set(items.filter((i) => !i.unborn).map((i) => i.sagaId))].filter((id) => {
      const cached = this.cache.get(id);
      this.cache.delete(id); // taken: it comes back only if this transaction commits
      if (cached && locked.get(id) === cached.state.seq) {
        folded.set(id, cached);
        return false;
      }
      return true;
    });
    const histories = await this.store.loadMany(manager, toLoad);
    for (const id of toLoad) {
      const history = histories.get(id) ?? [];
      const events = history.map((e) => e.event);
      const issuedAt = noteIssued(new Map(), events, (i) => history[i].at.getTime());
      folded.set(id, { state: rehydrate(events), issuedAt });
    }
    return folded;
  }

  private remember(sagaId: string, f: Folded): void {
    if (CACHE_SIZE <= 0) return;
    this.cache.delete(sagaId);
    this.cache.set(sagaId, f);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }

  /**
   * Starts a saga once. If a saga with this id already exists (a repeated request, a redelivered
   * message, or a concurrent start that committed first) it is not started again: `existing` says
   * whether it was started with the same type and data, for the caller to answer or refuse.
   * `beforeStart` runs only for a saga that will be started (e.g. admission control).
   * Two concurrent starts race on saga_events (saga_id, 1): the loser's transaction fails with a unique
   * violation; callers that own their transaction retry it (`isUniqueViolation`) and find the winner's.
   */
  async startOnce(
    manager: EntityManager,
    start: StartRequest,
    beforeStart?: () => Promise<void>,
  ): Promise<StartOutcome> {
    const history = await this.store.load(manager, start.sagaId);
    if (history.length > 0) return existingOutcome(start, history);
    await beforeStart?.();
    const {
      outcomes: [outcome],
    } = await this.runMany(manager, [startItem(start)]);
    return startOutcome(outcome);
  }

  /** The current state from the events (read-only, no lock). */
  async load(
    manager: Pick<EntityManager, 'query'>,
    sagaId: string,
  ): Promise<{ state: SagaState; history: StoredSagaEvent[] }> {
    const history = await this.store.load(manager, sagaId);
    return { state: rehydrate(history.map((e) => e.event)), history };
  }

  private decide(sagaId: string, state: SagaState, input: SagaInput): Decision {
    try {
      return decideWithRegistry(this.catalog.registry, state, input, {
        newId: randomUUID,
        random: Math.random,
      });
    } catch (e) {
      throw new SagaDecisionError(sagaId, input.type, e);
    }
  }

  /**
   * Serialises decisions per saga on its projection row. If the row is missing but events exist (the
   * projection was lost), it is rebuilt from the events first.
   */
  private async lock(manager: EntityManager, sagaId: string): Promise<void> {
    if (await this.projection.lock(manager, sagaId)) return;
    const history = await this.store.load(manager, sagaId);
    if (history.length === 0) return;
    const state = rehydrate(history.map((e) => e.event));
    this.logger.warn({ message: 'rebuilding a missing saga projection row', sagaId, seq: state.seq });
    await this.projection.save(manager, state, history[history.length - 1].at);
    await this.projection.lock(manager, sagaId);
  }
}

/** Adds when each command among `events` was first issued (`at(i)` for the i-th event); returns the map. */
function noteIssued(
  issuedAt: Map<string, number>,
  events: readonly SagaEvent[],
  at: (index: number) => number,
): Map<string, number> {
  events.forEach((e, i) => {
    if (e.type === 'StepCommandIssued' && !issuedAt.has(e.data.commandId))
      issuedAt.set(e.data.commandId, at(i));
  });
  return issuedAt;
}

export type StartRequest = StartSaga['data'] & { actor: SagaEventMetadata['actor'] };

/** A start for a saga that already has events: the same one again, or a conflicting one. */
export function existingOutcome(start: StartRequest, history: readonly StoredSagaEvent[]): StartOutcome {
  const state = rehydrate(history.map((e) => e.event));
  const first = history[0].event;
  const original = first.type === 'SagaStarted' ? first.data.data : undefined;
  return {
    kind: 'existing',
    state,
    same: state.sagaType === start.sagaType && isDeepStrictEqual(original, start.data),
  };
}

/** The `runMany` item that starts a saga found to have no events. */
export function startItem(start: StartRequest): RunItem {
  const { sagaId, sagaType, data, correlationId, actor, now } = start;
  const input: StartSaga = { type: 'StartSaga', data: { sagaId, sagaType, data, correlationId, now } };
  return { sagaId, input, ctx: { actor, correlationId }, unborn: true };
}

export function startOutcome(outcome: RunOutcome): StartOutcome {
  if (outcome.kind === 'ignored')
    return { kind: 'refused', state: outcome.state, code: outcome.code, reason: outcome.reason };
  return { kind: 'started', state: outcome.state };
}
