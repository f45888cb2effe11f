import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ReleaseWithdrawalData,
  ReleaseWithdrawalSchema,
  WithdrawalFailureCodes,
  WithdrawalReleasedData,
  WithdrawalSagaMessages as W,
} from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { causedBy } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { decideWithdrawalRelease } from '../../domain/withdrawal';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';
import { WithdrawalRepository } from '../../infrastructure/withdrawal.repository';
import { WithdrawalEvents } from '../withdrawal.events';

/**
 * wallet.releaseWithdrawal (the hold's compensation): a failed withdrawal's money goes back to its source
 * (ledger `withdrawal_released`), the hold is RELEASED and the withdrawal FAILED (with the chain's verdict
 * when there was one). Nothing held → a no-op (the library's tombstone then refuses a late hold). Refused
 * with WALLET.WITHDRAWAL_IN_FLIGHT while its transaction may still be mined, or was: the saga then waits
 * in COMPENSATION_FAILED for an operator instead of paying twice.
 */
@Injectable()
export class ReleaseWithdrawalHandler implements CommandHandler<ReleaseWithdrawalData> {
  private readonly logger = new Logger(ReleaseWithdrawalHandler.name);
  readonly schema = ReleaseWithdrawalSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<ReleaseWithdrawalData>,
  ): Promise<ParticipantReply> {
    const found = await WithdrawalRepository.find(manager, data.withdrawalId);
    // Lock order: account, hold, withdrawal (as every command that moves its money).
    if (found) await FundsRepository.lockFunds(manager, found.userId);
    const hold = found?.holdId
      ? await FundsRepository.lockHold(manager, { holdId: found.holdId })
      : undefined;
    const w = found && (await WithdrawalRepository.lock(manager, found.id));
    const decision = decideWithdrawalRelease(
      w && { status: w.status, txState: w.txState, holdStatus: hold?.status ?? null },
    );
    const reply = (released: boolean): ParticipantReply => ({
      type: W.withdrawalReleased,
      outcome: 'success',
      data: { withdrawalId: data.withdrawalId, released } satisfies WithdrawalReleasedData,
    });
    if (decision.kind === 'refused') return failureReply(W.withdrawalNotReleased, decision);
    if (decision.kind === 'ignored' || !w || !hold) {
      this.logger.log({ message: 'withdrawal release ignored', withdrawalId: data.withdrawalId, decision });
      return reply(false);
    }
    await FundsRepository.setHoldStatus(manager, hold.id, 'RELEASED');
    await LedgerRepository.post(manager, {
      kind: 'withdrawal_released',
      ...causedBy(metadata),
      reference: hold.reference,
      details: { withdrawalId: w.id, holdId: hold.id, source: w.source, txState: w.txState },
      postings: PostingRules.withdrawalReleased(w.userId, w.source, w.amount),
    });
    const failure = {
      failureCode: w.failureCode ?? WithdrawalFailureCodes.cancelled,
      failureReason: w.failureReason ?? 'the withdrawal was cancelled before its transaction was sent',
    };
    await WithdrawalRepository.update(manager, w.id, { status: 'FAILED', ...failure });
    await WithdrawalEvents.failed(manager, { ...w, ...failure });
    return reply(true);
  }
}
