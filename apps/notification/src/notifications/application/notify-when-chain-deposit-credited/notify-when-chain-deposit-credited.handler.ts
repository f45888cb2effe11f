import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DepositCreditedData, DepositCreditedSchema, Envelope } from '@app/contracts';
import { formatMinor } from '@app/common';
import { MessageHandler } from '@app/messaging';
import { NotificationKinds } from '../../domain/notification';
import { storeNotification } from '../../infrastructure/notification.store';

/** Tells the user that ether sent to their deposit address was credited, and at which rate. */
@Injectable()
export class NotifyWhenChainDepositCreditedHandler implements MessageHandler<DepositCreditedData> {
  readonly schema = DepositCreditedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, DepositCreditedData>,
  ): Promise<void> {
    await storeNotification(
      manager,
      {
        userId: data.userId,
        kind: NotificationKinds.chainDepositCredited,
        title: 'Deposit from the chain credited',
        body:
          `${formatMinor(data.amount, data.currency)} was added to your wallet for transaction ` +
          `${data.txHash} (${data.valueWei} wei at ${data.weiPerMinorUnit} wei per minor unit). ` +
          `Balance: ${formatMinor(data.balance, data.currency)}.`,
        data,
      },
      metadata,
    );
  }
}
