/** The Ethereum node, seen from the wallet: balances in wei of linked addresses. */
export interface ChainBalancePort {
  /** Rejects with ChainUnavailableError when the node does not answer in time or answers an error. */
  balanceOf(address: string): Promise<bigint>;
}

export const CHAIN_BALANCE = Symbol('ChainBalancePort');

export class ChainUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ChainUnavailableError';
  }
}
