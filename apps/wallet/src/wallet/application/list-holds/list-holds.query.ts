import type { HoldStatus } from '../../domain/hold';

export class ListHoldsQuery {
  constructor(
    readonly userId: string,
    readonly status: HoldStatus | undefined,
    readonly limit: number,
  ) {}
}

export interface HoldView {
  holdId: string;
  userId: string;
  amount: number;
  reference: string;
  status: HoldStatus;
  createdAt: string;
  updatedAt: string;
}

export interface HoldList {
  items: HoldView[];
}
