import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CaptureHoldData, CaptureHoldSchema, OrderSagaMessages } from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideCapture, HoldFailureCodes } from '../../domain/hold';
import { causedBy, JournalEntry } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { FundsRepository } from '../../infrastructure/funds.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';

const { holdCaptured } = OrderSagaMessages.wallet;
/** The Order saga has no failure reply for capture (it is retried); this names the failure. */
export const CAPTURE_REJECTED = 'wallet.captureRejected';

export interface HoldCapturedReply {
  holdId: string;
  captureId: string;
}

/** The journal entry of a capture (`hold_captured`), recorded under the capturing command's id. */
export const captureEntry = (
  metadata: { commandId: string; sagaId: string },
  reference: string,
  hold: { id: string; userId: string; amount: bigint },
  captureId: string,
): JournalEntry => ({
  kind: 'hold_captured',
  ...causedBy(metadata),
  reference,
  details: { holdId: hold.id, captureId },
  postings: PostingRules.holdCaptured(hold.userId, hold.amount),
});

/**
 * wallet.captureHold: an ACTIVE hold's amount leaves the buyer's wallet into escrow (ledger
 * `hold_captured`, held → escrow) and is recorded in `captures`, where releaseEscrowToSeller or
 * refundEscrow find it by the hold's id.
 */
@Injectable()
export class CaptureHoldHandler implements CommandHandler<CaptureHoldData> {
  readonly schema = CaptureHoldSchema;
  readonly refusedReplyType = CAPTURE_REJECTED;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<CaptureHoldData>,
  ): Promise<ParticipantReply> {
    const hold = await FundsRepository.lockHold(manager, { holdId: data.holdId });
    const decision = decideCapture(hold, hold?.funds);
    if (decision.kind === 'rejected' || !hold) {
      return failureReply(
        CAPTURE_REJECTED,
        decision.kind === 'rejected'
          ? decision
          : { code: HoldFailureCodes.holdNotFound, reason: 'no such hold' },
      );
    }
    const captured = hold;
    if (decision.kind === 'alreadyCaptured') {
      const captureId = (await FundsRepository.captureIdOf(manager, captured.id)) ?? '';
      const reply: HoldCapturedReply = { holdId: captured.id, captureId };
      return { type: holdCaptured, outcome: 'success', data: reply };
    }
    const captureId = randomUUID();
    await FundsRepository.setHoldStatus(manager, captured.id, 'CAPTURED');
    await FundsRepository.insertCapture(manager, {
      id: captureId,
      hold: captured,
      reference: data.reference,
      commandId: metadata.commandId,
    });
    await LedgerRepository.post(manager, captureEntry(metadata, data.reference, captured, captureId));
    const reply: HoldCapturedReply = { holdId: captured.id, captureId };
    return { type: holdCaptured, outcome: 'success', data: reply };
  }
}
