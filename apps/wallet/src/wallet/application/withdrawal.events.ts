import type { EntityManager } from 'typeorm';
import { Topics, WithdrawalFailed, WithdrawalSettled } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import type { Withdrawal } from '../infrastructure/withdrawal.repository';

/** A withdrawal's end on `wallet.events` (key: the user), in the transaction that decided it. */
export const WithdrawalEvents = {
  async settled(manager: EntityManager, w: Withdrawal): Promise<void> {
    const event: WithdrawalSettled = {
      type: 'WithdrawalSettled',
      data: {
        withdrawalId: w.id,
        userId: w.userId,
        amount: w.amount.toString(),
        currency: w.currency,
        toAddress: w.toAddress,
        txHash: w.txHash ?? '',
      },
    };
    await appendToOutbox(manager, [{ topic: Topics.walletEvents, key: w.userId, ...event }]);
  },

  async failed(
    manager: EntityManager,
    w: Withdrawal & { failureCode: string; failureReason: string },
  ): Promise<void> {
    const event: WithdrawalFailed = {
      type: 'WithdrawalFailed',
      data: {
        withdrawalId: w.id,
        userId: w.userId,
        amount: w.amount.toString(),
        currency: w.currency,
        toAddress: w.toAddress,
        code: w.failureCode,
        reason: w.failureReason.slice(0, 1000),
      },
    };
    await appendToOutbox(manager, [{ topic: Topics.walletEvents, key: w.userId, ...event }]);
  },
};
