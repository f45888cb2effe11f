import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  WithdrawalFailureCodes as Codes,
  WithdrawalRef,
  WithdrawalRefSchema,
  WithdrawalSagaMessages as W,
  WithdrawalSentData,
} from '@app/contracts';
import {
  CommandHandler,
  failureReply,
  noReplyYet,
  NoReplyYet,
  ParticipantCommand,
  ParticipantReply,
} from '@app/messaging';
import type { Withdrawal } from '../../infrastructure/withdrawal.repository';
import { orNoReplyYet, WithdrawalTransactions } from '../withdrawal-transactions.service';

const failure = (code: string, reason: string): ParticipantReply =>
  failureReply(W.withdrawalNotSent, { code, reason });

export const sentReply = (w: Withdrawal): ParticipantReply => ({
  type: W.withdrawalSent,
  outcome: 'success',
  data: {
    withdrawalId: w.id,
    txHash: w.txHash ?? '',
    nonce: String(w.nonce),
    from: w.fromAddress ?? '',
    valueWei: String(w.valueWei),
  } satisfies WithdrawalSentData,
});

/**
 * wallet.sendWithdrawal: signs the transfer from the hot wallet to the linked address (amount × wei per
 * minor unit), stores it (committed) and only then broadcasts it; answers once a node took it. While the
 * node is down there is no answer (the saga asks again, the same bytes are broadcast again). A node that
 * refuses it (e.g. the hot wallet cannot pay value + gas) fails the step with WALLET.CHAIN_REJECTED, and
 * its nonce is free again. A withdrawal released meanwhile is never signed (WALLET.WITHDRAWAL_NOT_HELD).
 */
@Injectable()
export class SendWithdrawalHandler implements CommandHandler<WithdrawalRef, ParticipantReply | NoReplyYet> {
  private readonly logger = new Logger(SendWithdrawalHandler.name);
  readonly schema = WithdrawalRefSchema;
  readonly refusedReplyType = W.withdrawalNotSent;

  constructor(private readonly transactions: WithdrawalTransactions) {}

  handle(
    _manager: EntityManager,
    { data }: ParticipantCommand<WithdrawalRef>,
  ): Promise<ParticipantReply | NoReplyYet> {
    return orNoReplyYet(
      () => this.send(data.withdrawalId),
      (why) => this.logger.warn({ message: 'withdrawal not sent yet', withdrawalId: data.withdrawalId, why }),
    );
  }

  private async send(id: string): Promise<ParticipantReply | NoReplyYet> {
    const found = await this.transactions.read(id);
    const w = found?.txState === 'NONE' ? await this.transactions.signOnce(id) : found;
    if (!w || w.txState === 'NONE')
      return failure(Codes.notHeld, `withdrawal ${id} is ${w?.status ?? 'unknown'}: nothing to send`);
    switch (w.txState) {
      case 'REJECTED':
        return failure(
          w.failureCode ?? Codes.chainRejected,
          w.failureReason ?? 'the node refused the transaction',
        );
      case 'BROADCAST':
      case 'MINED':
      case 'REVERTED':
      case 'DROPPED':
        // Sent before (a node took it): the confirm step judges what became of it.
        return sentReply(w);
      case 'SIGNED':
        return this.broadcast(w);
      default: {
        const unknown: never = w.txState;
        throw new Error(`unknown transaction state ${String(unknown)}`);
      }
    }
  }

  private async broadcast(w: Withdrawal): Promise<ParticipantReply | NoReplyYet> {
    const outcome = await this.transactions.broadcastUnlessMined({
      hash: w.txHash ?? '',
      raw: w.rawTx ?? '',
      nonce: w.nonce ?? 0n,
    });
    if (typeof outcome === 'object') {
      const reason = `the node refused the transaction: ${outcome.rejected}`;
      const recorded = await this.transactions.record(w.id, 'SIGNED', {
        txState: 'REJECTED',
        status: 'FAILED',
        failureCode: Codes.chainRejected,
        failureReason: reason,
      });
      if (!recorded) return noReplyYet('the transaction changed state meanwhile');
      return failure(Codes.chainRejected, reason);
    }
    // accepted, already known, mined, or its nonce used (by it, or not: confirm will tell)
    await this.transactions.record(w.id, 'SIGNED', { txState: 'BROADCAST', status: 'SENT' });
    return sentReply({ ...w, txState: 'BROADCAST', status: 'SENT' });
  }
}
