import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, FundsDepositedData, FundsDepositedSchema } from '@app/contracts';
import { formatMinor } from '@app/common';
import { MessageHandler } from '@app/messaging';
import { NotificationKinds } from '../../domain/notification';
import { storeNotification } from '../../infrastructure/notification.store';

@Injectable()
export class NotifyWhenFundsDepositedHandler implements MessageHandler<FundsDepositedData> {
  readonly schema = FundsDepositedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, FundsDepositedData>,
  ): Promise<void> {
    await storeNotification(
      manager,
      {
        userId: data.userId,
        kind: NotificationKinds.depositCredited,
        title: 'Deposit credited',
        body:
          `${formatMinor(data.amount, data.currency)} was added to your wallet. ` +
          `Balance: ${formatMinor(data.balance, data.currency)}.`,
        data,
      },
      metadata,
    );
  }
}
