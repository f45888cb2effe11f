import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConfirmHoldData, ConfirmHoldSchema, OrderSagaMessages } from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideMerge } from '../../domain/hold';
import { causedBy } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';

const { holdConfirmed, holdNotActive } = OrderSagaMessages.wallet;

export interface HoldConfirmedReply {
  holdId: string;
}

/**
 * wallet.confirmHold (an auction order adopts the winner's holds): success `wallet.holdConfirmed
 * {holdId}` when the hold and any `mergeHoldIds` are ACTIVE, the winner's and together cover the amount —
 * `holdId` then holds exactly the amount under the order's reference and the surplus (merged holds, a
 * proxy maximum above the price) is released; else failure `wallet.holdNotActive` WALLET.HOLD_NOT_ACTIVE.
 * A hold already adopted by this order is answered again. Ledger: the surplus is a `hold_released`
 * entry (held → available); merging alone moves no money (it stays held).
 */
@Injectable()
export class ConfirmHoldHandler implements CommandHandler<ConfirmHoldData> {
  readonly schema = ConfirmHoldSchema;
  readonly refusedReplyType = holdNotActive;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<ConfirmHoldData>,
  ): Promise<ParticipantReply> {
    const hold = await FundsRepository.lockHold(manager, { holdId: data.holdId });
    if (hold?.status === 'ACTIVE' && hold.reference === data.reference) {
      return {
        type: holdConfirmed,
        outcome: 'success',
        data: { holdId: data.holdId } satisfies HoldConfirmedReply,
      };
    }
    const others = [];
    for (const holdId of data.mergeHoldIds ?? [])
      others.push(await FundsRepository.lockHold(manager, { holdId }));
    const amount = BigInt(data.amount);
    const decision = decideMerge([hold, ...others], data.userId, amount);
    if (decision.kind === 'rejected' || !hold) {
      return failureReply(
        holdNotActive,
        decision.kind === 'rejected' ? decision : { code: 'WALLET.HOLD_NOT_ACTIVE', reason: 'no such hold' },
      );
    }
    // The merged holds end (their money is now the first's), the first holds exactly the amount, and
    // whatever the holds had above it goes back to the buyer.
    if (others.length > 0 || decision.released > 0n) {
      for (const other of others)
        if (other) await FundsRepository.setHoldStatus(manager, other.id, 'RELEASED');
      await FundsRepository.setHoldAmount(manager, hold.id, amount);
    }
    if (decision.released > 0n) {
      await LedgerRepository.post(manager, {
        kind: 'hold_released',
        ...causedBy(metadata),
        reference: data.reference,
        details: { holdId: hold.id, mergedHolds: String(others.length), surplus: 'true' },
        postings: PostingRules.holdReleased(hold.userId, decision.released),
      });
    }
    await FundsRepository.setHoldReference(manager, data.holdId, data.reference);
    const reply: HoldConfirmedReply = { holdId: data.holdId };
    return { type: holdConfirmed, outcome: 'success', data: reply };
  }
}
