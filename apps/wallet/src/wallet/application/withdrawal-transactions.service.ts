import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NoReplyYet, noReplyYet, ParticipantReply } from '@app/messaging';
import { ChainUnavailableError } from '../domain/chain-balance.port';
import { CHAIN_TRANSFER, ChainTransferPort, FeeCaps } from '../domain/chain-transfer.port';
import { BroadcastOutcome, ChainObservation, nextNonce, weiFor } from '../domain/withdrawal';
import { CHAIN_CONFIG, ChainConfig } from '../infrastructure/chain.config';
import { Withdrawal, WithdrawalPatch, WithdrawalRepository } from '../infrastructure/withdrawal.repository';

/** One hot wallet: its nonces are handed out one transaction at a time (across replicas). */
const NONCE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('gavel.wallet.hot-wallet-nonce'))`;
/** A row another transaction holds is not waited on for long: the saga asks again. */
const LOCK_TIMEOUT = `SET LOCAL lock_timeout = '3s'`;

const maxBig = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/**
 * A withdrawal's transaction, written in transactions of its own, committed before anything is
 * broadcast: the signed bytes, nonce and hash are stored first, so a retry, a redelivery or a restart
 * broadcasts the same transaction again and never signs a second one. These writes are facts about
 * the chain, kept whatever happens to the saga command that caused them (its reply is written with
 * the command; the handlers that run here can run any number of times).
 */
@Injectable()
export class WithdrawalTransactions {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CHAIN_TRANSFER) private readonly chain: ChainTransferPort,
    @Inject(CHAIN_CONFIG) private readonly config: ChainConfig,
  ) {}

  get confirmations(): number {
    return this.config.confirmations;
  }

  read(id: string): Promise<Withdrawal | undefined> {
    return WithdrawalRepository.find(this.dataSource.manager, id);
  }

  /**
   * Signs the withdrawal's transfer unless it was signed already, if it is still PENDING with its hold
   * ACTIVE (a released withdrawal is never signed): nonce = the lowest at or above the hot wallet's mined
   * count that none of our transactions in flight holds. Asks the node (nonce count, gas price): rejects
   * with ChainUnavailableError while it is down, and nothing is stored.
   */
  async signOnce(id: string): Promise<Withdrawal | undefined> {
    return this.inTransaction(async (m) => {
      await m.query(NONCE_LOCK);
      const w = await WithdrawalRepository.lock(m, id);
      if (!w || w.txState !== 'NONE' || w.status !== 'PENDING') return w;
      if ((await WithdrawalRepository.holdStatus(m, w.holdId)) !== 'ACTIVE') return w;
      const from = this.chain.hotWalletAddress();
      const mined = await this.chain.nonceCountAt('latest');
      const fees = await this.chain.feeCaps();
      const nonce = nextNonce(mined, await WithdrawalRepository.inFlightNonces(m, from));
      const valueWei = weiFor(w.amount, this.config.weiPerMinorUnit);
      const signed = await this.chain.sign({ to: w.toAddress, valueWei, nonce, fees });
      const patch: WithdrawalPatch = {
        txState: 'SIGNED',
        fromAddress: from,
        nonce,
        valueWei,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        rawTx: signed.raw,
        txHash: signed.hash,
        signedAt: new Date(),
      };
      await WithdrawalRepository.update(m, id, patch);
      return { ...w, ...patch };
    });
  }

  /**
   * The replacement of a transaction not mined by the deadline: a 0-value transfer from the hot wallet
   * to itself at the same nonce, paying at least twice the original's fees (a node replaces a pending
   * transaction only for a higher price). Once either is mined the other never can be. Stored before it
   * is broadcast, and signed once.
   */
  async signReplacementOnce(id: string): Promise<Withdrawal | undefined> {
    return this.inTransaction(async (m) => {
      const w = await WithdrawalRepository.lock(m, id);
      if (!w || w.replacementRawTx || w.nonce === null || !w.fromAddress) return w;
      const now = await this.chain.feeCaps();
      const fees: FeeCaps = {
        maxFeePerGas: maxBig(2n * (w.maxFeePerGas ?? 0n), now.maxFeePerGas),
        maxPriorityFeePerGas: maxBig(2n * (w.maxPriorityFeePerGas ?? 0n), now.maxPriorityFeePerGas),
      };
      const signed = await this.chain.sign({ to: w.fromAddress, valueWei: 0n, nonce: w.nonce, fees });
      const patch: WithdrawalPatch = { replacementRawTx: signed.raw, replacementTxHash: signed.hash };
      await WithdrawalRepository.update(m, id, patch);
      return { ...w, ...patch };
    });
  }

  /**
   * What the chain says about the withdrawal's transaction. In this order: the head first, then the
   * receipt, then the nonce count at the block `confirmations` deep — so a transaction with no receipt
   * was in no block up to the head, and a nonce count past its nonce means another transaction took it.
   */
  async observe(w: Withdrawal, now: Date): Promise<ChainObservation> {
    const head = await this.chain.head();
    const receipt = await this.chain.receipt(w.txHash ?? '');
    const nonceCountAtDepth = await this.chain.nonceCountAt(head - BigInt(this.config.confirmations) + 1n);
    return {
      receipt,
      head,
      nonceCountAtDepth,
      nonce: w.nonce ?? 0n,
      confirmations: this.config.confirmations,
      ageMs: now.getTime() - (w.signedAt ?? now).getTime(),
      dropAfterMs: this.config.dropAfterMs,
      replaced: w.replacementRawTx !== null,
    };
  }

  /**
   * Broadcasts signed bytes unless they can no longer be mined as new: already mined (their receipt), or
   * their nonce used. A node must never be handed those — ganache 7 executes a transaction with a used
   * nonce again (seen on 7.9.2: the same bytes broadcast twice paid twice). Rejects with
   * ChainUnavailableError when the node is down.
   */
  async broadcastUnlessMined(tx: {
    hash: string;
    raw: string;
    nonce: bigint;
  }): Promise<BroadcastOutcome | 'mined'> {
    if (await this.chain.receipt(tx.hash)) return 'mined';
    if ((await this.chain.nonceCountAt('latest')) > tx.nonce) return 'nonceUsed';
    return this.chain.broadcast(tx.raw);
  }

  /** Records what the chain said, only if the transaction is still in the state the caller saw. */
  async record(id: string, expected: Withdrawal['txState'], patch: WithdrawalPatch): Promise<boolean> {
    return this.inTransaction(async (m) => {
      const w = await WithdrawalRepository.lock(m, id);
      if (!w || w.txState !== expected) return false;
      await WithdrawalRepository.update(m, id, patch);
      return true;
    });
  }

  private inTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(LOCK_TIMEOUT);
      return work(m);
    });
  }
}

/** A lock another transaction held past LOCK_TIMEOUT (PostgreSQL lock_not_available). */
const isLockTimeout = (e: unknown): boolean => (e as { code?: string }).code === '55P03';

/**
 * The reply `work` gives; none yet while the node is down or another transaction holds the withdrawal
 * past LOCK_TIMEOUT (the saga asks again), after telling `waiting` why. Any other error is thrown.
 */
export async function orNoReplyYet(
  work: () => Promise<ParticipantReply | NoReplyYet>,
  waiting?: (why: string) => void,
): Promise<ParticipantReply | NoReplyYet> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof ChainUnavailableError) && !isLockTimeout(e)) throw e;
    const why = (e as Error).message;
    waiting?.(why);
    return noReplyYet(why);
  }
}
