/** The caller's deposit address, allocated on first use (so a GET that may write once). */
export class GetDepositAddressCommand {
  constructor(readonly userId: string) {}
}

export interface DepositAddressView {
  /** Checksummed (EIP-55). Send ether on `chainId` here; nothing else is credited. */
  address: string;
  chainId: number;
  /** A deposit is credited once its block has this many confirmations. */
  confirmations: number;
  /** The rate deposits are credited at (decimal string): amount = ⌊wei / weiPerMinorUnit⌋ minor units. */
  weiPerMinorUnit: string;
  currency: string;
  createdAt: string;
}
