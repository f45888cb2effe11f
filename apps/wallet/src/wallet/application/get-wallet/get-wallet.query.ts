export class GetWalletQuery {
  constructor(readonly userId: string) {}
}

export interface WalletView {
  userId: string;
  currency: string;
  balance: number;
  held: number;
  spendable: number;
}
