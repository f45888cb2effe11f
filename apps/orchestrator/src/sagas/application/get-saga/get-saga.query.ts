import type { SagaStatus } from '@app/saga';
import type { SagaIncidentView } from '../list-sagas/list-sagas.query';
import type { SagaShape } from './saga-shape';

export class GetSagaQuery {
  constructor(readonly sagaId: string) {}
}

export interface SagaEventView {
  seq: number;
  type: string;
  data: object;
  at: string;
  /** What caused it: the input, who (an HTTP request, a reply, a timer, an operator) and its trace context. */
  metadata: {
    input?: string;
    actor?: string;
    causationId?: string;
    traceparent?: string;
  };
}

export interface SagaView {
  id: string;
  type: string;
  version: number;
  status: SagaStatus;
  step: string | null;
  correlationId: string;
  data: object;
  failure: { reason: string; code: string } | null;
  /** Attempt number of the command the saga waits on (null: none). */
  attempt: number | null;
  /** Why that command's last attempt did not complete. */
  lastError: string | null;
  /** The open incident, if any (the saga keeps trying; it resolves itself on an answer). */
  incident: SagaIncidentView | null;
  createdAt: string;
  updatedAt: string;
  /** Its definition's steps (null if this orchestrator does not know its type and version). */
  shape: SagaShape | null;
  events: SagaEventView[];
}
