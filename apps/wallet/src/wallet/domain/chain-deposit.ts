/**
 * Deposits from the chain: which blocks a watcher may scan, which transactions of a block are deposits,
 * and what a deposit credits. Pure; the watcher (application) and the JSON-RPC adapter (infrastructure)
 * feed it blocks as the node reports them.
 */

/** A block as the watcher needs it: its place in the chain and its plain value transfers. */
export interface ChainBlock {
  number: number;
  hash: string;
  parentHash: string;
  transactions: ChainTransaction[];
}

export interface ChainTransaction {
  hash: string;
  from: string;
  /** null for a contract creation. */
  to: string | null;
  value: bigint;
}

/** A value transfer to a watched deposit address, in a block the watcher considers confirmed. */
export interface ObservedDeposit {
  userId: string;
  txHash: string;
  blockNumber: number;
  blockHash: string;
  from: string;
  /** The deposit address, lower case. */
  to: string;
  wei: bigint;
}

export interface Conversion {
  /** Whole minor units credited: ⌊wei / weiPerMinorUnit⌋. */
  amount: bigint;
  /** What is left below one minor unit: recorded with the deposit, never credited. */
  remainderWei: bigint;
}

/** The blocks of one scan, both ends included. */
export interface ScanRange {
  from: number;
  to: number;
}

/**
 * Wei to minor units, rounded down: the platform never credits value it did not receive; the fraction
 * of a minor unit stays on the deposit address as the recorded remainder.
 */
export function weiToMinor(wei: bigint, weiPerMinorUnit: bigint): Conversion {
  if (weiPerMinorUnit <= 0n)
    throw new RangeError(`wei per minor unit must be positive, got ${weiPerMinorUnit}`);
  if (wei < 0n) throw new RangeError(`a value cannot be negative, got ${wei}`);
  return { amount: wei / weiPerMinorUnit, remainderWei: wei % weiPerMinorUnit };
}

/**
 * The next blocks to scan after `cursor` (the last block scanned): up to `maxBlocks` of them, none with
 * fewer than `confirmations` confirmations. A transaction in block b has head − b + 1 confirmations, so
 * the newest block that may be scanned is head − confirmations + 1. Undefined when there is nothing yet.
 */
export function planScan(input: {
  cursor: number;
  head: number;
  confirmations: number;
  maxBlocks: number;
}): ScanRange | undefined {
  const { cursor, head, confirmations, maxBlocks } = input;
  if (confirmations < 1) throw new RangeError(`confirmations must be at least 1, got ${confirmations}`);
  if (maxBlocks < 1) throw new RangeError(`a scan covers at least one block, got ${maxBlocks}`);
  const newestConfirmed = head - confirmations + 1;
  if (newestConfirmed <= cursor) return undefined;
  return { from: cursor + 1, to: Math.min(newestConfirmed, cursor + maxBlocks) };
}

/** How far the confirmed chain is ahead of the cursor (0 when caught up). */
export const lagBehind = (cursor: number, head: number, confirmations: number): number =>
  Math.max(0, head - confirmations + 1 - cursor);

/**
 * Whether `blocks` (ascending, consecutive) continue the chain the cursor stands on: the first block's
 * parent is the cursor's block (when its hash is known) and each block's parent is the one before.
 * False means the node's history changed below the cursor: a reorganisation deeper than the
 * confirmations the watcher waits for.
 */
export function continuesChain(cursorHash: string | null, blocks: readonly ChainBlock[]): boolean {
  let parent = cursorHash;
  let expected: number | undefined;
  for (const block of blocks) {
    if (expected !== undefined && block.number !== expected) return false;
    if (parent !== null && block.parentHash.toLowerCase() !== parent.toLowerCase()) return false;
    parent = block.hash;
    expected = block.number + 1;
  }
  return true;
}

/**
 * The deposits in `blocks`: transfers of a positive value to an address `ownerOf` knows (compared lower
 * case). Contract creations and transfers of zero are not deposits.
 */
export function depositsIn(
  blocks: readonly ChainBlock[],
  ownerOf: (address: string) => string | undefined,
): ObservedDeposit[] {
  const found: ObservedDeposit[] = [];
  for (const block of blocks) {
    for (const tx of block.transactions) {
      if (!tx.to || tx.value <= 0n) continue;
      const to = tx.to.toLowerCase();
      const userId = ownerOf(to);
      if (userId === undefined) continue;
      found.push({
        userId,
        txHash: tx.hash.toLowerCase(),
        blockNumber: block.number,
        blockHash: block.hash.toLowerCase(),
        from: tx.from.toLowerCase(),
        to,
        wei: tx.value,
      });
    }
  }
  return found;
}

/**
 * The journal cause of a chain deposit: one per transaction on one chain, so a block range scanned again
 * (a restart, a cursor moved back, a transaction re-mined in another block) cannot credit it twice.
 */
export const chainDepositCause = (chainId: number, txHash: string): string =>
  `chain-deposit:${chainId}:${txHash.toLowerCase()}`;
