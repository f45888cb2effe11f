import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  WithdrawalConfirmedData,
  WithdrawalFailureCodes as Codes,
  WithdrawalRef,
  WithdrawalRefSchema,
  WithdrawalSagaMessages as W,
} from '@app/contracts';
import {
  CommandHandler,
  failureReply,
  noReplyYet,
  NoReplyYet,
  ParticipantCommand,
  ParticipantReply,
} from '@app/messaging';
import { judgeTransaction } from '../../domain/withdrawal';
import type { Withdrawal } from '../../infrastructure/withdrawal.repository';
import { orNoReplyYet, WithdrawalTransactions } from '../withdrawal-transactions.service';

const failed = (code: string, reason: string): ParticipantReply =>
  failureReply(W.withdrawalFailed, { code, reason });

const confirmed = (w: Withdrawal, blockNumber: bigint, depth: number): ParticipantReply => ({
  type: W.withdrawalConfirmed,
  outcome: 'success',
  data: {
    withdrawalId: w.id,
    txHash: w.txHash ?? '',
    blockNumber: blockNumber.toString(),
    confirmations: depth,
  } satisfies WithdrawalConfirmedData,
});

/**
 * wallet.confirmWithdrawal: answered once the transaction is GAVEL_CHAIN_CONFIRMATIONS deep (success), or
 * reverted, or dropped (failure: the saga releases the hold). Until then — not deep enough, not mined, the
 * node down — there is no answer and the saga asks again; meanwhile the same bytes are broadcast again (a
 * restarted node may have lost them), and past GAVEL_CHAIN_DROP_AFTER_MS a replacement takes the nonce so
 * that the transaction can be declared dropped (domain/withdrawal.ts `judgeTransaction`).
 */
@Injectable()
export class ConfirmWithdrawalHandler implements CommandHandler<
  WithdrawalRef,
  ParticipantReply | NoReplyYet
> {
  private readonly logger = new Logger(ConfirmWithdrawalHandler.name);
  readonly schema = WithdrawalRefSchema;
  readonly refusedReplyType = W.withdrawalFailed;

  constructor(private readonly transactions: WithdrawalTransactions) {}

  handle(
    _manager: EntityManager,
    { data }: ParticipantCommand<WithdrawalRef>,
  ): Promise<ParticipantReply | NoReplyYet> {
    return orNoReplyYet(() => this.confirm(data.withdrawalId));
  }

  private async confirm(id: string): Promise<ParticipantReply | NoReplyYet> {
    const w = await this.transactions.read(id);
    if (!w || w.txState === 'NONE') return failed(Codes.notHeld, `withdrawal ${id} has no transaction`);
    switch (w.txState) {
      case 'MINED':
        return confirmed(w, w.blockNumber ?? 0n, this.transactions.confirmations);
      case 'REJECTED':
      case 'REVERTED':
      case 'DROPPED':
        return failed(w.failureCode ?? Codes.chainDropped, w.failureReason ?? w.txState.toLowerCase());
      case 'SIGNED':
      case 'BROADCAST':
        return this.judge(w);
      default: {
        const unknown: never = w.txState;
        throw new Error(`unknown transaction state ${String(unknown)}`);
      }
    }
  }

  private async judge(w: Withdrawal): Promise<ParticipantReply | NoReplyYet> {
    const verdict = judgeTransaction(await this.transactions.observe(w, new Date()));
    switch (verdict.kind) {
      case 'confirmed':
        if (
          !(await this.transactions.record(w.id, w.txState, {
            txState: 'MINED',
            status: 'CONFIRMED',
            blockNumber: verdict.blockNumber,
          }))
        )
          return noReplyYet('the transaction changed state meanwhile');
        return confirmed(w, verdict.blockNumber, verdict.depth);
      case 'reverted':
        return this.fail(w, 'REVERTED', Codes.chainReverted, `reverted in block ${verdict.blockNumber}`);
      case 'dropped':
        return this.fail(w, 'DROPPED', Codes.chainDropped, verdict.reason);
      case 'burying':
        return noReplyYet(`${verdict.depth} of ${this.transactions.confirmations} confirmations`);
      case 'rebroadcast':
        await this.rebroadcast(w.txHash, w.rawTx, w.nonce);
        return noReplyYet('not mined yet');
      case 'replace': {
        const replaced = await this.transactions.signReplacementOnce(w.id);
        this.logger.warn({
          message: 'withdrawal not mined by its deadline: replacing its nonce',
          withdrawalId: w.id,
          txHash: w.txHash,
          replacement: replaced?.replacementTxHash,
        });
        await this.rebroadcast(
          replaced?.replacementTxHash ?? null,
          replaced?.replacementRawTx ?? null,
          w.nonce,
        );
        return noReplyYet('replaced, waiting for either to be mined');
      }
      case 'awaitReplacement':
        await this.rebroadcast(w.replacementTxHash, w.replacementRawTx, w.nonce);
        await this.rebroadcast(w.txHash, w.rawTx, w.nonce);
        return noReplyYet('replaced, waiting for either to be mined');
      default: {
        const unknown: never = verdict;
        throw new Error(`unknown verdict ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async fail(
    w: Withdrawal,
    txState: 'REVERTED' | 'DROPPED',
    code: string,
    reason: string,
  ): Promise<ParticipantReply | NoReplyYet> {
    const recorded = await this.transactions.record(w.id, w.txState, {
      txState,
      status: 'FAILED',
      failureCode: code,
      failureReason: reason,
    });
    return recorded ? failed(code, reason) : noReplyYet('the transaction changed state meanwhile');
  }

  /** Best effort: whatever the node answers, the next attempt looks at the chain again. */
  private async rebroadcast(hash: string | null, raw: string | null, nonce: bigint | null): Promise<void> {
    if (!hash || !raw || nonce === null) return;
    const outcome = await this.transactions.broadcastUnlessMined({ hash, raw, nonce });
    if (typeof outcome === 'object')
      this.logger.warn({ message: 'rebroadcast refused', reason: outcome.rejected });
  }
}
