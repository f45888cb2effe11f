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
    const payment = paymentOf(data, metadata.commandId, amount, decision);
    const inserted = await PaymentsRepository.insert(
      manager,
      payment,
      decision.kind === 'decline' ? decision.reason : null,
    );
    if (!inserted) {
      return failure(concurrentDuplicate);
    }
    if (decision.kind === 'decline') return failure(decision);
    const reply: ChargedData = { paymentId: payment.id };
    return { type: charged, outcome: 'success', data: reply };
  }

  /**
   * Many charges in two statements: the orders' payments read together, each command decided, the new
   * payments inserted together (an order a concurrent charge recorded first is answered as a duplicate).
   * A second charge of an order already in the batch is handled alone afterwards (a duplicate then).
   */
  async handleMany(
    manager: EntityManager,
    commands: ParticipantCommand<ChargeData>[],
  ): Promise<ParticipantReply[]> {
    const existing = await PaymentsRepository.findByOrders(
      manager,
      commands.map((c) => c.data.orderId),
    );
    const answers: ParticipantReply[] = [];
    const payments: { row: PaymentRow; reason: string | null; at: number }[] = [];
    const orders = new Set<string>();
    const alone: number[] = [];
    commands.forEach(({ data, metadata }, i) => {
      if (orders.has(data.orderId)) return void alone.push(i);
      orders.add(data.orderId);
      const amount = BigInt(data.amount);
      const decision = decideCharge(existing.get(data.orderId), amount, this.maxAmount);
      if (decision.kind === 'duplicate') return void (answers[i] = failure(decision));
      const row = paymentOf(data, metadata.commandId, amount, decision);
      payments.push({ row, reason: decision.kind === 'decline' ? decision.reason : null, at: i });
      answers[i] =
        decision.kind === 'decline'
          ? failure(decision)
          : { type: charged, outcome: 'success', data: { paymentId: row.id } satisfies ChargedData };
    });
    const inserted = await PaymentsRepository.insertMany(manager, payments);
    for (const { row, at } of payments)
      if (!inserted.has(row.orderId)) answers[at] = failure(concurrentDuplicate);
    for (const i of alone) answers[i] = await this.handle(manager, commands[i]);
    return answers;
  }
}

/** An order whose payment a concurrent charge inserted first (the insert did nothing). */
const concurrentDuplicate = {
  code: PaymentFailureCodes.duplicateOrder,
  reason: 'a concurrent charge recorded this order first',
};

/** The payment a charge records: CHARGED, or DECLINED over the limit. */
function paymentOf(
  data: ChargeData,
  chargeCommandId: string,
  amount: bigint,
  decision: Exclude<ChargeDecision, { kind: 'duplicate' }>,
): PaymentRow {
  return {
    id: randomUUID(),
    orderId: data.orderId,
    buyerId: data.buyerId,
    sellerId: data.sellerId,
    holdId: data.holdId,
    amount,
    status: decision.kind === 'charge' ? 'CHARGED' : 'DECLINED',
    chargeCommandId,
  };
}

function failure({
  code,
  reason,
}: Pick<Exclude<ChargeDecision, { kind: 'charge' }>, 'code' | 'reason'>): ParticipantReply {
  return { type: declined, outcome: 'failure', data: {}, code, reason };
}
