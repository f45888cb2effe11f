import type { SagaStatus } from '@app/saga';

export class ListSagasQuery {
  constructor(
    readonly type: string | undefined,
    readonly status: SagaStatus | undefined,
    readonly limit: number,
    readonly offset: number,
    /** open: only sagas with an open incident, the newest incident first. */
    readonly incident?: 'open',
  ) {}
}

/** A command unanswered for `attempts` attempts since `since`; the saga keeps trying (see `attempt`). */
export interface SagaIncidentView {
  step: string;
  phase: 'forward' | 'compensation';
  commandId: string;
  attempts: number;
  reason: string;
  since: string;
}

export interface SagaSummary {
  id: string;
  type: string;
  version: number;
  status: SagaStatus;
  step: string | null;
  failure: { reason: string; code: string } | null;
  /** Attempt number of the command the saga waits on (null: none). */
  attempt: number | null;
  /** Why that command's last attempt did not complete. */
  lastError: string | null;
  incident: SagaIncidentView | null;
  createdAt: string;
  updatedAt: string;
}

export interface SagaPage {
  items: SagaSummary[];
  total: number;
  limit: number;
  offset: number;
}
