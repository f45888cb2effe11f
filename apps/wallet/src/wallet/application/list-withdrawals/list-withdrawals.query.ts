import type { WithdrawalView } from '@app/contracts';

export class ListWithdrawalsQuery {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export class GetWithdrawalQuery {
  constructor(
    readonly userId: string,
    readonly withdrawalId: string,
  ) {}
}

export interface WithdrawalList {
  items: WithdrawalView[];
  total: number;
  limit: number;
  offset: number;
}
