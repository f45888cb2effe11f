import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderSagaMessages, ReleaseHoldData, ReleaseHoldSchema } from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideRelease } from '../../domain/hold';
import { causedBy } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';

const { holdReleased } = OrderSagaMessages.wallet;

export interface HoldReleasedReply {
  holdId: string | null;
  released: boolean;
}

/**
 * wallet.releaseHold (a compensation): the hold placed by `forwardCommandId` (or `holdId`) is released.
 * Always succeeds; a hold that was never placed or is already released is a no-op (the library
 * leaves a tombstone so a late placeHold with that commandId is refused). Ledger: `hold_released`,
 * held → available.
 */
@Injectable()
export class ReleaseHoldHandler implements CommandHandler<ReleaseHoldData> {
  private readonly logger = new Logger(ReleaseHoldHandler.name);
  readonly schema = ReleaseHoldSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<ReleaseHoldData>,
  ): Promise<ParticipantReply> {
    const hold = await FundsRepository.lockHold(manager, {
      commandId: data.forwardCommandId,
      holdId: data.holdId ?? undefined,
    });
    const decision = decideRelease(hold, hold?.funds);
    const reply: HoldReleasedReply = { holdId: hold?.id ?? null, released: decision.kind === 'released' };
    if (!hold || decision.kind === 'ignored') {
      const reason = decision.kind === 'ignored' ? decision.reason : 'no hold';
      this.logger.log({
        message: 'release ignored',
        forwardCommandId: data.forwardCommandId,
        holdId: hold?.id,
        reason,
      });
      return { type: holdReleased, outcome: 'success', data: reply };
    }
    const released = hold;
    await FundsRepository.setHoldStatus(manager, released.id, 'RELEASED');
    await LedgerRepository.post(manager, {
      kind: 'hold_released',
      ...causedBy(metadata),
      reference: released.reference,
      details: { holdId: released.id },
      postings: PostingRules.holdReleased(released.userId, released.amount),
    });
    return { type: holdReleased, outcome: 'success', data: reply };
  }
}
