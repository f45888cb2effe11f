import type { ChainBlock } from './chain-deposit';

/** The Ethereum node, seen from the deposit watcher: the chain's head and whole blocks. */
export interface ChainBlocksPort {
  /** The newest block number. Rejects with ChainUnavailableError when the node fails or is too slow. */
  head(): Promise<number>;
  /**
   * Blocks `from`..`to` (both included, ascending) with their transactions. A block the node does not
   * have (beyond its head, a chain that was reset) ends the list early.
   */
  blocks(from: number, to: number): Promise<ChainBlock[]>;
}

export const CHAIN_BLOCKS = Symbol('ChainBlocksPort');
