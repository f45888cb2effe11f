import type { HistoryEventRow, ParticipantEntry, SagaSummary } from '../domain/reconciliation';

export interface SagaWalkFilter {
  /** Sagas changed at or after this time. */
  since?: Date;
  sagaType?: string;
  sagaId?: string;
}

/** Keyset position in the walk: after this (updated_at, id). `at` keeps the database's full precision. */
export interface SagaCursor {
  at: string;
  id: string;
}

export interface SagaPageRow extends SagaSummary {
  cursor: SagaCursor;
}

export const SAGA_HISTORY = Symbol('SAGA_HISTORY');

/** The orchestrator's own store, read page by page (oldest change first). */
export interface SagaHistoryPort {
  page(filter: SagaWalkFilter, after: SagaCursor | undefined, size: number): Promise<SagaPageRow[]>;
  /** The events `commandsOf` reads, in `seq` order, by saga id. */
  events(sagaIds: readonly string[]): Promise<Map<string, HistoryEventRow[]>>;
}

export const PARTICIPANT_COMMAND_LOGS = Symbol('PARTICIPANT_COMMAND_LOGS');

/** A participant's `POST /command-log/lookup`. Throws when the participant cannot be asked. */
export interface ParticipantCommandLogsPort {
  lookup(participant: string, commandIds: readonly string[]): Promise<ParticipantEntry[]>;
}
