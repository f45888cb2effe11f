import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EscrowRefundedData, OrderSagaMessages, RefundEscrowData, RefundEscrowSchema } from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideRefund, Escrow } from '../../domain/escrow';
import { causedBy } from '../../domain/ledger';
import { PostingRules } from '../../domain/posting-rules';
import { EscrowRepository } from '../../infrastructure/escrow.repository';
import { WALLET_CURRENCY } from '../../infrastructure/ledger.config';
import { LedgerRepository } from '../../infrastructure/ledger.repository';

const { escrowRefunded, escrowNotRefunded } = OrderSagaMessages.wallet;

const refundedReply = (escrow: Escrow): ParticipantReply =>
  reply({
    holdId: escrow.holdId,
    refunded: true,
    captureId: escrow.captureId,
    buyerId: escrow.buyerId,
    amount: escrow.amount.toString(),
    currency: WALLET_CURRENCY,
  });

const reply = (data: EscrowRefundedData): ParticipantReply => ({
  type: escrowRefunded,
  outcome: 'success',
  data,
});

/**
 * wallet.refundEscrow: the whole escrow of a captured hold goes back to the buyer's available balance
 * (ledger `escrow_refunded`). A refunded escrow is answered again; one paid out to a seller is refused
 * with WALLET.ESCROW_SETTLED (reverse the payout first), a hold never captured with
 * WALLET.ESCROW_NOT_FOUND — except when it is sent as the compensation of a capture (`forwardCommandId`,
 * the Order sagas from v2): then nothing captured is nothing to refund, and the library's tombstone refuses
 * that capture should it come later. No compensation of its own: the buyer may spend the money at once.
 */
@Injectable()
export class RefundEscrowHandler implements CommandHandler<RefundEscrowData> {
  private readonly logger = new Logger(RefundEscrowHandler.name);
  readonly schema = RefundEscrowSchema;
  readonly refusedReplyType = escrowNotRefunded;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<RefundEscrowData>,
  ): Promise<ParticipantReply> {
    const decision = decideRefund(
      await EscrowRepository.lockEscrow(manager, { holdId: data.holdId }),
      data.forwardCommandId !== undefined,
    );
    if (decision.kind === 'rejected') return failureReply(escrowNotRefunded, decision);
    if (decision.kind === 'alreadyRefunded') return refundedReply(decision.escrow);
    if (decision.kind === 'nothingCaptured') {
      this.logger.log({
        message: 'refund ignored: the hold was not captured',
        forwardCommandId: data.forwardCommandId,
        holdId: data.holdId,
      });
      return reply({
        holdId: data.holdId,
        refunded: false,
        captureId: null,
        buyerId: null,
        amount: '0',
        currency: WALLET_CURRENCY,
      });
    }
    const { escrow } = decision;
    const { entryId } = await LedgerRepository.post(manager, {
      kind: 'escrow_refunded',
      ...causedBy(metadata),
      reference: data.reference,
      details: { holdId: escrow.holdId, captureId: escrow.captureId },
      postings: PostingRules.escrowRefunded(escrow.buyerId, escrow.amount),
    });
    await EscrowRepository.insertSettlement(manager, {
      id: randomUUID(),
      kind: 'REFUND',
      sellerId: null,
      feeBps: 0,
      fee: 0n,
      payout: escrow.amount,
      commandId: metadata.commandId,
      captureId: escrow.captureId,
      entryId,
    });
    return refundedReply(escrow);
  }
}
