import type { SagaStatus } from '@app/saga';

export class GetSagaQuery {
  constructor(readonly sagaId: string) {}
}

export interface SagaEventView {
  seq: number;
  type: string;
  data: object;
  at: string;
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
  createdAt: string;
  updatedAt: string;
  events: SagaEventView[];
}
