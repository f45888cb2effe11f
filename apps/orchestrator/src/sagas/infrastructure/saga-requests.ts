import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainError } from '@app/common';
import { SagaErrors } from '../domain/saga.errors';
import { SagaChangeFeed } from './saga-change-feed';
import { retryingLostRaces } from './saga-event.store';
import { SagaProjection, SagaRow } from './saga-projection.repository';
import { SagaRunner, StartOutcome, StartRequest } from './saga.runner';

/** A start request's answer: `created` false when the same start came again (200 rather than 202). */
export interface StartResult {
  sagaId: string;
  status: string;
  created: boolean;
}

/**
 * A start's outcome as its request's answer: the same start again is answered with the existing saga;
 * the same id with other data is `conflict(sagaId)`; a start the engine refused is `SagaErrors.refused`.
 */
export function answerStart(
  sagaId: string,
  outcome: StartOutcome,
  conflict: (sagaId: string) => DomainError,
): StartResult {
  switch (outcome.kind) {
    case 'existing':
      if (!outcome.same) throw conflict(sagaId);
      return { sagaId, status: outcome.state.status, created: false };
    case 'refused':
      throw SagaErrors.refused(outcome.code, outcome.reason);
    case 'started':
      return { sagaId, status: outcome.state.status, created: true };
  }
}

/** A start asked for by a request, now; the saga's id is the request's own id. */
export function httpStart(
  sagaType: string,
  sagaId: string,
  data: object,
  correlationId: string,
): StartRequest {
  return { sagaId, sagaType, data, correlationId, now: Date.now(), actor: 'http' };
}

/** How a saga type is read as one view (`GET /<things>/:id?waitMs=`). */
export interface SagaViewSpec<T> {
  /** The saga types whose rows this view reads; another type is not found. */
  types: readonly string[];
  notFound: (sagaId: string) => DomainError;
  toView: (row: SagaRow) => T;
  /** The long poll ends once this holds. */
  settled: (view: T) => boolean;
}

/**
 * The two things every saga's HTTP use cases do: start a saga once, its id being the request's id, and
 * read it back as a view, long-polled.
 */
@Injectable()
export class SagaRequests {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
    private readonly projection: SagaProjection,
    private readonly changes: SagaChangeFeed,
  ) {}

  /**
   * `SagaRunner.startOnce` in its own transaction, answered by `answerStart` inside it. Concurrent starts
   * race on saga_events (saga_id, 1): the loser's transaction is retried (up to three attempts) and finds
   * the winner's saga. `beforeStart` runs only for a saga that will be started (admission control).
   */
  async startOnce(
    start: StartRequest,
    conflict: (sagaId: string) => DomainError,
    beforeStart?: (manager: EntityManager) => Promise<void>,
  ): Promise<StartResult> {
    return retryingLostRaces(() =>
      this.dataSource.transaction(async (manager) => {
        const admit = beforeStart ? () => beforeStart(manager) : undefined;
        const outcome = await this.runner.startOnce(manager, start, admit);
        return answerStart(start.sagaId, outcome, conflict);
      }),
    );
  }

  /** The saga's view; `waitMs` > 0: answered once it is settled, or when the wait is over. */
  read<T>(sagaId: string, waitMs: number, spec: SagaViewSpec<T>): Promise<T> {
    return this.changes.awaitSettled(sagaId, waitMs, () => this.readOnce(sagaId, spec), spec.settled);
  }

  private async readOnce<T>(sagaId: string, spec: SagaViewSpec<T>): Promise<T> {
    const row = await this.projection.find(this.dataSource.manager, sagaId);
    if (!row || !spec.types.includes(row.type)) throw spec.notFound(sagaId);
    return spec.toView(row);
  }
}
