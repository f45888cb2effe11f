import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderSagaMessages, RefundData, RefundSchema } from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideRefund } from '../../domain/payment';
import { PaymentsRepository } from '../../infrastructure/payments.repository';

const { refunded } = OrderSagaMessages.payment;

export interface RefundedReply {
  paymentId: string | null;
  refunded: boolean;
}

/**
 * payment.refund (a compensation): the payment made by `forwardCommandId` goes CHARGED → REFUNDED.
 * Always succeeds; a charge that never happened is a no-op and the library leaves a tombstone.
 */
@Injectable()
export class RefundHandler implements CommandHandler<RefundData> {
  private readonly logger = new Logger(RefundHandler.name);
  readonly schema = RefundSchema;

  async handle(manager: EntityManager, { data }: ParticipantCommand<RefundData>): Promise<ParticipantReply> {
    const found = await PaymentsRepository.lockByChargeCommand(manager, data.forwardCommandId);
    const payment = found && found.orderId === data.orderId ? found : undefined;
    const decision = decideRefund(payment);
    if (!payment || decision.kind === 'ignored') {
      const reason = decision.kind === 'ignored' ? decision.reason : 'no payment';
      this.logger.log({
        message: 'refund ignored',
        orderId: data.orderId,
        forwardCommandId: data.forwardCommandId,
        reason,
      });
      const reply: RefundedReply = { paymentId: payment?.id ?? null, refunded: false };
      return { type: refunded, outcome: 'success', data: reply };
    }
    await PaymentsRepository.setStatus(manager, payment.id, 'REFUNDED');
    const reply: RefundedReply = { paymentId: payment.id, refunded: true };
    return { type: refunded, outcome: 'success', data: reply };
  }
}
