import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConfirmHoldData, OrderSagaMessages } from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideConfirmHold } from '../../domain/hold';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { ConfirmHoldSchema } from './confirm-hold.schema';

const { holdConfirmed, holdNotActive } = OrderSagaMessages.wallet;

export interface HoldConfirmedReply {
  holdId: string;
}

/**
 * wallet.confirmHold (an auction order adopts the winning bid's hold): success `wallet.holdConfirmed
 * {holdId}` when the hold is ACTIVE, the winner's and covers the amount — its reference becomes the
 * order's; else failure `wallet.holdNotActive` WALLET.HOLD_NOT_ACTIVE. Funds do not move.
 */
@Injectable()
export class ConfirmHoldHandler implements CommandHandler<ConfirmHoldData> {
  readonly schema = ConfirmHoldSchema;
  readonly refusedReplyType = holdNotActive;

  async handle(
    manager: EntityManager,
    { data }: ParticipantCommand<ConfirmHoldData>,
  ): Promise<ParticipantReply> {
    const hold = await FundsRepository.lockHold(manager, { holdId: data.holdId });
    const decision = decideConfirmHold(hold, data.userId, BigInt(data.amount));
    if (decision.kind === 'rejected') {
      return {
        type: holdNotActive,
        outcome: 'failure',
        data: {},
        code: decision.code,
        reason: decision.reason,
      };
    }
    await FundsRepository.setHoldReference(manager, data.holdId, data.reference);
    const reply: HoldConfirmedReply = { holdId: data.holdId };
    return { type: holdConfirmed, outcome: 'success', data: reply };
  }
}
