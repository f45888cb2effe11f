export class ListChainDepositsQuery {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

/** One transaction to the user's deposit address, as recorded when its block was confirmed. */
export interface ChainDepositView {
  depositId: string;
  chainId: number;
  txHash: string;
  blockNumber: number;
  from: string;
  to: string;
  /** Decimal strings: wei exceed 2^53. */
  valueWei: string;
  weiPerMinorUnit: string;
  /** Minor units credited, ⌊valueWei / weiPerMinorUnit⌋; 0 for a value below one minor unit (not credited). */
  amount: number;
  /** Wei below one minor unit, not credited. */
  remainderWei: string;
  /** The journal entry of the credit; null when nothing was credited. */
  entryId: string | null;
  at: string;
}

export interface ChainDeposits {
  currency: string;
  items: ChainDepositView[];
}
