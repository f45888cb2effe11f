import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DepositCredited, Topics } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import type { ChainBlocksPort } from '../../domain/chain-blocks.port';
import {
  ChainBlock,
  chainDepositCause,
  continuesChain,
  depositsIn,
  lagBehind,
  ObservedDeposit,
  planScan,
  weiToMinor,
} from '../../domain/chain-deposit';
import { PostingRules } from '../../domain/posting-rules';
import type { DepositConfig } from '../../infrastructure/chain.config';
import { ChainCursor, ChainDepositRepository } from '../../infrastructure/chain/chain-deposit.repository';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { LedgerRepository } from '../../infrastructure/ledger.repository';

export type ScanOutcome =
  /** Another replica holds the cursor. */
  | { kind: 'busy' }
  /** The cursor was created at `cursor` (nothing scanned yet). */
  | { kind: 'started'; head: number; cursor: number }
  /** Nothing confirmed beyond the cursor. */
  | { kind: 'idle'; head: number; cursor: number; lag: number }
  | {
      kind: 'scanned';
      head: number;
      cursor: number;
      lag: number;
      credited: Credit[];
      dust: number;
      skipped: number;
    }
  /** The node's history changed below the cursor: moved back to `cursor` to scan again. */
  | { kind: 'rewound'; head: number; from: number; cursor: number };

export interface Credit {
  depositId: string;
  userId: string;
  txHash: string;
  amount: bigint;
}

/**
 * One step of the deposit watcher, in one transaction: lock the chain's cursor (SKIP LOCKED, so one
 * replica scans at a time), read the next confirmed blocks from the node, credit each deposit to a known
 * deposit address once (ledger entry `chain_deposit`, a `chain_deposits` row, DepositCredited in the
 * outbox) and move the cursor past them. A crash anywhere rolls all of it back; the blocks are read
 * again. A transaction recorded before (a range scanned again) is skipped, and the journal's unique
 * cause refuses a second credit besides.
 */
export class ChainDepositScanner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly chain: ChainBlocksPort,
    private readonly chainId: number,
    private readonly config: DepositConfig,
  ) {}

  async scanOnce(): Promise<ScanOutcome> {
    // asked before the transaction: a node that is down costs no connection
    const head = await this.chain.head();
    return this.dataSource.transaction(async (manager) => {
      const cursor = await ChainDepositRepository.lockCursor(manager, this.chainId);
      if (cursor === 'busy') return { kind: 'busy' };
      if (!cursor) return this.start(manager, head);
      const range = planScan({
        cursor: cursor.blockNumber,
        head,
        confirmations: this.config.confirmations,
        maxBlocks: this.config.scanBlocks,
      });
      const lag = lagBehind(cursor.blockNumber, head, this.config.confirmations);
      if (!range) return { kind: 'idle', head, cursor: cursor.blockNumber, lag };
      const blocks = await this.chain.blocks(range.from, range.to);
      if (blocks.length === 0) return { kind: 'idle', head, cursor: cursor.blockNumber, lag };
      if (blocks[0].number !== range.from || !continuesChain(cursor.blockHash, blocks))
        return this.rewind(manager, head, cursor);
      return this.credit(manager, head, blocks);
    });
  }

  private async start(manager: EntityManager, head: number): Promise<ScanOutcome> {
    const cursor = (this.config.startBlock ?? head + 1) - 1;
    await ChainDepositRepository.createCursor(manager, this.chainId, {
      blockNumber: cursor,
      blockHash: null,
    });
    return { kind: 'started', head, cursor };
  }

  /**
   * The chain the cursor stood on is gone (a reorganisation deeper than the confirmations, or a node
   * reset). Deposits already credited stay credited (docs/money.md); the blocks below the cursor are
   * scanned again, so deposits the new history holds are credited, and those it repeats are skipped.
   */
  private async rewind(manager: EntityManager, head: number, cursor: ChainCursor): Promise<ScanOutcome> {
    const back = Math.max(-1, Math.min(cursor.blockNumber, head) - this.config.reorgRewind);
    await ChainDepositRepository.moveCursor(manager, this.chainId, { blockNumber: back, blockHash: null });
    return { kind: 'rewound', head, from: cursor.blockNumber, cursor: back };
  }

  private async credit(manager: EntityManager, head: number, blocks: ChainBlock[]): Promise<ScanOutcome> {
    const targets = [...new Set(blocks.flatMap((b) => b.transactions.map((t) => t.to?.toLowerCase() ?? '')))];
    const owners = await ChainDepositRepository.ownersOf(
      manager,
      targets.filter((t) => t !== ''),
    );
    const deposits = depositsIn(blocks, (address) => owners.get(address));
    const recorded = await ChainDepositRepository.recorded(
      manager,
      this.chainId,
      deposits.map((d) => d.txHash),
    );
    const credited: Credit[] = [];
    let dust = 0;
    const seen = new Set<string>();
    for (const deposit of deposits) {
      if (recorded.has(deposit.txHash) || seen.has(deposit.txHash)) continue;
      seen.add(deposit.txHash);
      const credit = await this.creditOne(manager, deposit);
      if (credit) credited.push(credit);
      else dust += 1;
    }
    const last = blocks[blocks.length - 1];
    await ChainDepositRepository.moveCursor(manager, this.chainId, {
      blockNumber: last.number,
      blockHash: last.hash,
    });
    return {
      kind: 'scanned',
      head,
      cursor: last.number,
      lag: lagBehind(last.number, head, this.config.confirmations),
      credited,
      dust,
      skipped: deposits.length - seen.size,
    };
  }

  /** Records the deposit; credits it unless it is worth less than one minor unit (then undefined). */
  private async creditOne(manager: EntityManager, deposit: ObservedDeposit): Promise<Credit | undefined> {
    const rate = this.config.weiPerMinorUnit;
    const conversion = weiToMinor(deposit.wei, rate);
    const depositId = randomUUID();
    const record = { id: depositId, chainId: this.chainId, deposit, weiPerMinorUnit: rate, conversion };
    if (conversion.amount === 0n) {
      await ChainDepositRepository.insertDeposit(manager, {
        ...record,
        currency: WALLET_CURRENCY,
        entryId: null,
      });
      return undefined;
    }
    const { entryId, accounts } = await LedgerRepository.post(manager, {
      kind: 'chain_deposit',
      causeId: chainDepositCause(this.chainId, deposit.txHash),
      reference: `chain-deposit:${depositId}`,
      details: {
        depositId,
        chainId: String(this.chainId),
        txHash: deposit.txHash,
        blockNumber: String(deposit.blockNumber),
        blockHash: deposit.blockHash,
        from: deposit.from,
        to: deposit.to,
        valueWei: deposit.wei.toString(),
        weiPerMinorUnit: rate.toString(),
        amount: conversion.amount.toString(),
        remainderWei: conversion.remainderWei.toString(),
      },
      postings: PostingRules.chainDeposit(deposit.userId, conversion.amount),
    });
    await ChainDepositRepository.insertDeposit(manager, { ...record, currency: WALLET_CURRENCY, entryId });
    const event: DepositCredited = {
      type: 'DepositCredited',
      data: {
        depositId,
        userId: deposit.userId,
        chainId: this.chainId,
        txHash: deposit.txHash,
        blockNumber: deposit.blockNumber,
        from: deposit.from,
        to: deposit.to,
        valueWei: deposit.wei.toString(),
        weiPerMinorUnit: rate.toString(),
        amount: conversion.amount.toString(),
        currency: WALLET_CURRENCY,
        balance: (accounts.get(deposit.userId)?.balance ?? 0n).toString(),
      },
    };
    await appendToOutbox(manager, [{ topic: Topics.walletEvents, key: deposit.userId, ...event }]);
    return { depositId, userId: deposit.userId, txHash: deposit.txHash, amount: conversion.amount };
  }
}
