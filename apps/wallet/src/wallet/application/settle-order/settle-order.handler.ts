import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderSagaMessages, SettleOrderData, SettleOrderSchema } from '@app/contracts';
import { CommandHandler, failureReply, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { CaptureHoldHandler } from '../capture-hold/capture-hold.handler';
import { ReleaseEscrowToSellerHandler } from '../release-escrow-to-seller/release-escrow-to-seller.handler';

const { orderSettled, orderNotSettled } = OrderSagaMessages.wallet;

/**
 * The id a settlement's payout is recorded under: the ledger allows one entry per cause, and the capture's
 * entry already has the settle command's id.
 */
export const payoutCommandIdOf = (settleCommandId: string): string => `${settleCommandId}:payout`;

/**
 * wallet.settleOrder (Order v3's pivot): captureHold and releaseEscrowToSeller in the consumer's one
 * transaction — the hold's amount goes into escrow (ledger `hold_captured`, recorded under the command's
 * id) and out to the seller minus the fee (`escrow_paid_out`, under `<commandId>:payout`). A refused capture
 * (the hold is not ACTIVE) is answered wallet.orderNotSettled with its code and nothing moves. A payout
 * refused after the capture cannot leave the money half-way (only an escrow already settled some other way
 * is refused, which the tombstones prevent): the handler throws, the transaction rolls back and the
 * library answers a failure (PARTICIPANT.ERROR). Sent again, it answers the first
 * settlement (both halves are idempotent by the hold).
 */
@Injectable()
export class SettleOrderHandler implements CommandHandler<SettleOrderData> {
  readonly schema = SettleOrderSchema;
  readonly refusedReplyType = orderNotSettled;

  constructor(
    private readonly capture: CaptureHoldHandler,
    private readonly payout: ReleaseEscrowToSellerHandler,
  ) {}

  async handle(
    manager: EntityManager,
    command: ParticipantCommand<SettleOrderData>,
  ): Promise<ParticipantReply> {
    const { data, metadata } = command;
    const captured = await this.capture.handle(manager, {
      ...command,
      data: { holdId: data.holdId, reference: data.reference },
    });
    if (captured.outcome === 'failure')
      return failureReply(orderNotSettled, {
        code: captured.code ?? 'WALLET.NOT_CAPTURED',
        reason: captured.reason ?? 'the hold could not be captured',
      });
    const paid = await this.payout.handle(manager, {
      ...command,
      metadata: { ...metadata, commandId: payoutCommandIdOf(metadata.commandId) },
    });
    if (paid.outcome === 'failure')
      throw new Error(`hold ${data.holdId} captured but its payout refused: ${paid.code} ${paid.reason}`);
    return { ...paid, type: orderSettled };
  }
}
