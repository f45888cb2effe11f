import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { HoldPlacedData, OrderSagaMessages, PlaceHoldData } from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decidePlaceHold } from '../../domain/hold';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { publishWalletEvent } from '../../infrastructure/wallet-events.publisher';
import { PlaceHoldSchema } from './place-hold.schema';

const { holdPlaced, holdRejected } = OrderSagaMessages.wallet;

/** wallet.placeHold: reserves `amount` of the user's spendable balance, or rejects the command. */
@Injectable()
export class PlaceHoldHandler implements CommandHandler<PlaceHoldData> {
  readonly schema = PlaceHoldSchema;
  readonly refusedReplyType = holdRejected;

  async handle(manager: EntityManager, { data, metadata }: ParticipantCommand<PlaceHoldData>): Promise<ParticipantReply> {
    const amount = BigInt(data.amount);
    const decision = decidePlaceHold(await FundsRepository.lockFunds(manager, data.userId), amount);
    if (decision.kind === 'rejected') {
      return { type: holdRejected, outcome: 'failure', data: {}, code: decision.code, reason: decision.reason };
    }
    const holdId = randomUUID();
    await FundsRepository.insertHold(manager, { id: holdId, userId: data.userId, amount, reference: data.reference, commandId: metadata.commandId });
    await FundsRepository.saveFunds(manager, data.userId, decision.funds);
    await publishWalletEvent(manager, data.userId, {
      type: 'HoldPlaced',
      data: {
        holdId,
        userId: data.userId,
        amount: data.amount,
        reference: data.reference,
        balance: decision.funds.balance.toString(),
        held: decision.funds.held.toString(),
      },
    });
    const reply: HoldPlacedData = { holdId };
    return { type: holdPlaced, outcome: 'success', data: reply };
  }
}
