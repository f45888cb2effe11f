export class TopUpCommand {
  constructor(
    readonly userId: string,
    readonly amount: number,
    readonly idempotencyKey: string | undefined,
  ) {}
}

export interface TopUpResult {
  depositId: string;
  userId: string;
  amount: number;
  currency: string;
  balance: number;
  /** False when an Idempotency-Key replay returned the first deposit. */
  created: boolean;
}
