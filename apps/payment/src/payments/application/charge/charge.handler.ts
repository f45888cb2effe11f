import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ChargeData, ChargedData, ChargeSchema, OrderSagaMessages } from '@app/contracts';
import { CommandHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { ChargeDecision, decideCharge, parseMaxAmount, PaymentFailureCodes } from '../../domain/payment';
import { PaymentRow, PaymentsRepository } from '../../infrastructure/payments.repository';

const { charged, declined } = OrderSagaMessages.payment;

/** payment.charge: records the order's payment (CHARGED), or declines it over the amount limit. */
@Injectable()
export class ChargeHandler implements CommandHandler<ChargeData> {
  readonly schema = ChargeSchema;
  readonly refusedReplyType = declined;
  private readonly maxAmount = parseMaxAmount(process.env.GAVEL_PAYMENT_MAX_AMOUNT);

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<ChargeData>,
  ): Promise<ParticipantReply> {
    const amount = BigInt(data.amount);
    const decision = decideCharge(
      await PaymentsRepository.findByOrder(manager, data.orderId),
      amount,
      this.maxAmount,
    );
    if (decision.kind === 'duplicate') return failure(decision);
    const payment: PaymentRow = {
      id: randomUUID(),
      orderId: data.orderId,
      buyerId: data.buyerId,
      sellerId: data.sellerId,
      holdId: data.holdId,
      amount,
      status: decision.kind === 'charge' ? 'CHARGED' : 'DECLINED',
      chargeCommandId: metadata.commandId,
    };
    const inserted = await PaymentsRepository.insert(
      manager,
      payment,
      decision.kind === 'decline' ? decision.reason : null,
    );
    if (!inserted) {
      return failure({
        code: PaymentFailureCodes.duplicateOrder,
        reason: 'a concurrent charge recorded this order first',
      });
    }
    if (decision.kind === 'decline') return failure(decision);
    const reply: ChargedData = { paymentId: payment.id };
    return { type: charged, outcome: 'success', data: reply };
  }
}

function failure({
  code,
  reason,
}: Pick<Exclude<ChargeDecision, { kind: 'charge' }>, 'code' | 'reason'>): ParticipantReply {
  return { type: declined, outcome: 'failure', data: {}, code, reason };
}
