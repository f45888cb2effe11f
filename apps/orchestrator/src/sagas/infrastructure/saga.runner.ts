import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from 'typeorm';
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
import { SagaChangeFeed } from './saga-change-feed';
import { SagaEffectsWriter } from './saga-effects.writer';
import { SagaEventMetadata, SagaEventStore, StoredSagaEvent } from './saga-event.store';
import { SagaProjection } from './saga-projection.repository';
import { observeDecision } from './saga.metrics';

export interface RunContext {
  actor: SagaEventMetadata['actor'];
  causationId?: string;
  correlationId?: string;
  by?: string;
}

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
 * The adapter loop around the pure engine, inside the caller's transaction:
 * lock the saga row → load its events → rehydrate → decide → append the events at the expected seq →
 * write effects (outbox, timers) → update the projection → NOTIFY a settling change. Any failure rolls all of it back.
 */
@Injectable()
export class SagaRunner {
  private readonly logger = new Logger(SagaRunner.name);

  constructor(
    @Inject(SAGA_CATALOG) private readonly catalog: SagaCatalog,
    private readonly store: SagaEventStore,
    private readonly projection: SagaProjection,
    private readonly effects: SagaEffectsWriter,
  ) {}

  async run(manager: EntityManager, sagaId: string, input: SagaInput, ctx: RunContext): Promise<RunOutcome> {
    if (input.type !== 'StartSaga') await this.lock(manager, sagaId);
    const history = await this.store.load(manager, sagaId);
    const before = rehydrate(history.map((e) => e.event));
    const decision = this.decide(sagaId, before, input);
    if (decision.kind === 'ignored')
      return { kind: 'ignored', state: before, code: decision.code, reason: decision.reason };

    const now = input.data.now;
    const at = new Date(now);
    const metadata: SagaEventMetadata = {
      input: input.type,
      actor: ctx.actor,
      correlationId: decision.state.correlationId,
      ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
      ...(ctx.by ? { by: ctx.by } : {}),
    };
    await this.store.append(manager, sagaId, before.seq, decision.events, metadata, at);
    await this.effects.apply(manager, before, decision);
    await this.projection.save(manager, decision.state, at);
    // Delivered to long-polling readers when this commits; only for changes they may be waiting for.
    if (this.catalog.hooks(decision.state.sagaType).settles(before, decision.state))
      await SagaChangeFeed.notify(manager, sagaId);
    observeDecision(before, decision, history, now);
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
    start: StartSaga['data'] & { actor: SagaEventMetadata['actor'] },
    beforeStart?: () => Promise<void>,
  ): Promise<StartOutcome> {
    const { sagaId, sagaType, data, correlationId, actor } = start;
    const { state, history } = await this.load(manager, sagaId);
    if (history.length > 0) {
      const first = history[0].event;
      const original = first.type === 'SagaStarted' ? first.data.data : undefined;
      return {
        kind: 'existing',
        state,
        same: state.sagaType === sagaType && isDeepStrictEqual(original, data),
      };
    }
    await beforeStart?.();
    const input: StartSaga = {
      type: 'StartSaga',
      data: { sagaId, sagaType, data, correlationId, now: start.now },
    };
    const outcome = await this.run(manager, sagaId, input, { actor, correlationId });
    if (outcome.kind === 'ignored')
      return { kind: 'refused', state: outcome.state, code: outcome.code, reason: outcome.reason };
    return { kind: 'started', state: outcome.state };
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
