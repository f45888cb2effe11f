import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  EscrowRefundedData,
  EscrowReleaseReversedData,
  OrderSagaMessages,
  ReverseSettlementData,
  ReverseSettlementSchema,
  SettlementReversedData,
} from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { RefundEscrowHandler } from '../refund-escrow/refund-escrow.handler';
import { ReverseEscrowReleaseHandler } from '../reverse-escrow-release/reverse-escrow-release.handler';
import { payoutCommandIdOf } from '../settle-order/settle-order.handler';

const { settlementReversed } = OrderSagaMessages.wallet;

/**
 * wallet.reverseSettlement (the compensation of settleOrder): in one transaction, the payout goes back into
 * escrow (reverseEscrowRelease of `<forwardCommandId>:payout`, ledger `escrow_payout_reversed`) and the
 * escrow back to the buyer (refundEscrow, `escrow_refunded`, recorded under `<commandId>:refund`). Nothing
 * settled is nothing to undo; the library's tombstone then refuses the settleOrder should it come later.
 * A refund refused (the escrow settled some other way) or proceeds already spent fail the transaction and
 * the saga records COMPENSATION_FAILED for an operator.
 */
@Injectable()
export class ReverseSettlementHandler implements CommandHandler<ReverseSettlementData> {
  readonly schema = ReverseSettlementSchema;

  constructor(
    private readonly reversePayout: ReverseEscrowReleaseHandler,
    private readonly refund: RefundEscrowHandler,
  ) {}

  async handle(
    manager: EntityManager,
    command: ParticipantCommand<ReverseSettlementData>,
  ): Promise<ParticipantReply> {
    const { data, metadata } = command;
    const reversed = await this.reversePayout.handle(manager, {
      ...command,
      data: { forwardCommandId: payoutCommandIdOf(data.forwardCommandId), holdId: data.holdId },
    });
    const refunded = await this.refund.handle(manager, {
      ...command,
      data: { holdId: data.holdId, reference: data.reference, forwardCommandId: data.forwardCommandId },
      metadata: { ...metadata, commandId: `${metadata.commandId}:refund` },
    });
    if (refunded.outcome === 'failure')
      throw new Error(`escrow of hold ${data.holdId} not refunded: ${refunded.code} ${refunded.reason}`);
    const refund = refunded.data as EscrowRefundedData;
    const reply: SettlementReversedData = {
      holdId: data.holdId,
      payoutReversed: (reversed.data as EscrowReleaseReversedData).reversed,
      refunded: refund.refunded,
      amount: refund.amount,
    };
    return { type: settlementReversed, outcome: 'success', data: reply };
  }
}
