import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  EscrowReleaseReversedData,
  OrderSagaMessages,
  ReverseEscrowReleaseData,
  ReverseEscrowReleaseSchema,
} from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideReversal } from '../../domain/escrow';
import { causedBy } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { EscrowRepository } from '../../infrastructure/escrow.repository';
import { LedgerRepository } from '../../infrastructure/ledger.repository';

const { escrowReleaseReversed } = OrderSagaMessages.wallet;

/**
 * wallet.reverseEscrowRelease (the compensation of releaseEscrowToSeller): the payout made by
 * `forwardCommandId` goes back into escrow — the seller's payout out of their proceeds and the fee out
 * of the platform's fees (ledger `escrow_payout_reversed`) — and the escrow can settle again. Always
 * succeeds; no payout, or one already reversed, is a no-op (the library's tombstone then refuses a late
 * payout with that commandId). Proceeds never go below zero: should a seller have spent them, the
 * reversal fails and the saga records COMPENSATION_FAILED for an operator.
 */
@Injectable()
export class ReverseEscrowReleaseHandler implements CommandHandler<ReverseEscrowReleaseData> {
  private readonly logger = new Logger(ReverseEscrowReleaseHandler.name);
  readonly schema = ReverseEscrowReleaseSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<ReverseEscrowReleaseData>,
  ): Promise<ParticipantReply> {
    const found = await EscrowRepository.lockSettlementOf(manager, data.forwardCommandId);
    const decision = decideReversal(found?.settlement);
    const holdId = found?.escrow.holdId ?? data.holdId ?? null;
    if (decision.kind === 'ignored' || !found) {
      this.logger.log({
        message: 'payout reversal ignored',
        forwardCommandId: data.forwardCommandId,
        holdId,
      });
      return reply({ holdId, reversed: false });
    }
    const { settlement, escrow } = found;
    const { entryId } = await LedgerRepository.post(manager, {
      kind: 'escrow_payout_reversed',
      ...causedBy(metadata),
      reference: `reversal:${settlement.id}`,
      details: { holdId: escrow.holdId, captureId: escrow.captureId, settlementId: settlement.id },
      postings: PostingRules.escrowPayoutReversed(settlement.sellerId ?? '', settlement),
    });
    await EscrowRepository.markReversed(manager, settlement.id, { commandId: metadata.commandId, entryId });
    return reply({ holdId, reversed: true });
  }
}

const reply = (data: EscrowReleaseReversedData): ParticipantReply => ({
  type: escrowReleaseReversed,
  outcome: 'success',
  data,
});
