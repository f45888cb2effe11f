import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, OrderCancelledData, OrderCancelledSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { orderCancelled } from '../../domain/drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** OrderCancelled → the buyer, with the reason. */
@Injectable()
export class NotifyWhenOrderCancelledHandler implements MessageHandler<OrderCancelledData> {
  readonly schema = OrderCancelledSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, OrderCancelledData>,
  ): Promise<void> {
    await storeNotifications(manager, orderCancelled(data), metadata);
  }
}
