import type { SagaStatus } from '@app/saga';

export class ListSagasQuery {
  constructor(
    readonly type: string | undefined,
    readonly status: SagaStatus | undefined,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export interface SagaSummary {
  id: string;
  type: string;
  version: number;
  status: SagaStatus;
  step: string | null;
  failure: { reason: string; code: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface SagaPage {
  items: SagaSummary[];
  total: number;
  limit: number;
  offset: number;
}
