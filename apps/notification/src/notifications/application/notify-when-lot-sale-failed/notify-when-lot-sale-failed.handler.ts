import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, LotSaleFailedData, LotSaleFailedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { lotSaleFailed } from '../../domain/drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** LotSaleFailed → the seller ("The sale of … failed: <reason>") and the winner ("Your purchase of … failed"). */
@Injectable()
export class NotifyWhenLotSaleFailedHandler implements MessageHandler<LotSaleFailedData> {
  readonly schema = LotSaleFailedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, LotSaleFailedData>,
  ): Promise<void> {
    await storeNotifications(manager, lotSaleFailed(data), metadata);
  }
}
