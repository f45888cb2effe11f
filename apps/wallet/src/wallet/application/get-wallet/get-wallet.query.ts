export class GetWalletQuery {
  constructor(readonly userId: string) {}
}

/** 'none': no linked address; 'ok': read (or cached ≤ 5 s); 'unavailable': the node could not be read. */
export type ChainStatus = 'none' | 'ok' | 'unavailable';

export interface WalletView {
  userId: string;
  currency: string;
  /** Deposits credited minus captures (minor units). */
  balance: number;
  /** Active holds (minor units); may exceed balance when holds are backed by on-chain value. */
  held: number;
  /** Verified on-chain value of linked addresses in minor units; null when the node cannot be read. */
  onChain: number | null;
  chain: ChainStatus;
  /** balance + onChain − held, never below 0 (on-chain counted as 0 while unavailable). */
  spendable: number;
  /** A seller's proceeds: sales paid out of escrow, net of the platform's fee (minor units). */
  proceeds: number;
}
