import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  WithdrawalRef,
  WithdrawalRefSchema,
  WithdrawalSagaMessages as W,
  WithdrawalSettledReplyData,
} from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { causedBy } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';
import { WithdrawalRepository } from '../../infrastructure/withdrawal.repository';
import { WithdrawalEvents } from '../withdrawal.events';

const settled = (withdrawalId: string): ParticipantReply => ({
  type: W.withdrawalSettled,
  outcome: 'success',
  data: { withdrawalId, settled: true } satisfies WithdrawalSettledReplyData,
});

/**
 * wallet.settleWithdrawal (after the transaction is confirmed): the hold's money has left the platform —
 * held → chain_clearing (ledger `chain_withdrawal`), the hold CAPTURED, the withdrawal SETTLED, and
 * WithdrawalSettled on wallet.events. It cannot be refused: a withdrawal whose transaction is not confirmed
 * is a bug, thrown (the saga retries and raises an incident).
 */
@Injectable()
export class SettleWithdrawalHandler implements CommandHandler<WithdrawalRef> {
  readonly schema = WithdrawalRefSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<WithdrawalRef>,
  ): Promise<ParticipantReply> {
    const found = await WithdrawalRepository.find(manager, data.withdrawalId);
    if (!found?.holdId) throw new Error(`withdrawal ${data.withdrawalId} has no hold to settle`);
    await FundsRepository.lockFunds(manager, found.userId);
    const hold = await FundsRepository.lockHold(manager, { holdId: found.holdId });
    const w = await WithdrawalRepository.lock(manager, found.id);
    if (!w || !hold) throw new Error(`withdrawal ${data.withdrawalId} vanished`);
    if (w.status === 'SETTLED') return settled(w.id);
    if (w.txState !== 'MINED' || hold.status !== 'ACTIVE')
      throw new Error(`withdrawal ${w.id} cannot settle: transaction ${w.txState}, hold ${hold.status}`);
    const { entryId } = await LedgerRepository.post(manager, {
      kind: 'chain_withdrawal',
      ...causedBy(metadata),
      reference: hold.reference,
      details: {
        withdrawalId: w.id,
        holdId: hold.id,
        toAddress: w.toAddress,
        txHash: w.txHash ?? '',
        valueWei: String(w.valueWei),
        blockNumber: String(w.blockNumber),
      },
      postings: PostingRules.chainWithdrawal(w.userId, w.amount),
    });
    await FundsRepository.setHoldStatus(manager, hold.id, 'CAPTURED');
    await WithdrawalRepository.update(manager, w.id, { status: 'SETTLED', settledEntryId: entryId });
    await WithdrawalEvents.settled(manager, w);
    return settled(w.id);
  }
}
