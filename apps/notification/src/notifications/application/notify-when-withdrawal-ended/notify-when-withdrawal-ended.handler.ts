import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  Envelope,
  WithdrawalFailedData,
  WithdrawalFailedSchema,
  WithdrawalSettledData,
  WithdrawalSettledSchema,
} from '@app/contracts';
import { formatMinor } from '@app/common';
import { MessageHandler } from '@app/messaging';
import { NotificationKinds } from '../../domain/notification';
import { storeNotification } from '../../infrastructure/notification.store';

/** WithdrawalSettled (wallet.events): the money reached the user's address on the chain. */
@Injectable()
export class NotifyWhenWithdrawalSettledHandler implements MessageHandler<WithdrawalSettledData> {
  readonly schema = WithdrawalSettledSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, WithdrawalSettledData>,
  ): Promise<void> {
    await storeNotification(
      manager,
      {
        userId: data.userId,
        kind: NotificationKinds.withdrawalSettled,
        title: 'Withdrawal sent',
        body: `${formatMinor(data.amount, data.currency)} was sent to ${data.toAddress} (transaction ${data.txHash}).`,
        data,
      },
      metadata,
    );
  }
}

/** WithdrawalFailed (wallet.events): nothing left the wallet; the money is back. */
@Injectable()
export class NotifyWhenWithdrawalFailedHandler implements MessageHandler<WithdrawalFailedData> {
  readonly schema = WithdrawalFailedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, WithdrawalFailedData>,
  ): Promise<void> {
    await storeNotification(
      manager,
      {
        userId: data.userId,
        kind: NotificationKinds.withdrawalFailed,
        title: 'Withdrawal failed',
        body:
          `Your withdrawal of ${formatMinor(data.amount, data.currency)} to ${data.toAddress} failed ` +
          `(${data.code}); the money is back in your wallet.`,
        data,
      },
      metadata,
    );
  }
}
