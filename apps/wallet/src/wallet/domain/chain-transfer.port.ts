import type { BroadcastOutcome } from './withdrawal';

/** A transfer of ether from the hot wallet, as signed: its bytes and hash. */
export interface SignedTransfer {
  raw: string;
  hash: string;
}

/** EIP-1559 fee caps in wei per gas. */
export interface FeeCaps {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface TransferRequest {
  to: string;
  valueWei: bigint;
  nonce: bigint;
  fees: FeeCaps;
}

/**
 * The Ethereum node and the hot wallet, seen from withdrawals. Reads reject with ChainUnavailableError
 * when the node cannot be asked (down, silent, an error answer); `broadcast` answers how the node took
 * the bytes, and rejects only when it could not be asked.
 */
export interface ChainTransferPort {
  /** False when no hot wallet is configured (GAVEL_CHAIN_MNEMONIC unset outside production). */
  readonly enabled: boolean;
  /** Lower-case 0x address. */
  hotWalletAddress(): string;
  head(): Promise<bigint>;
  /** The hot wallet's transaction count at a block (its next nonce after that block). */
  nonceCountAt(block: bigint | 'latest'): Promise<bigint>;
  feeCaps(): Promise<FeeCaps>;
  /** Signs locally (no node needed). */
  sign(request: TransferRequest): Promise<SignedTransfer>;
  broadcast(raw: string): Promise<BroadcastOutcome>;
  receipt(hash: string): Promise<{ status: number; blockNumber: bigint } | null>;
}

export const CHAIN_TRANSFER = Symbol('ChainTransferPort');
