import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, OrderCompletedData, OrderCompletedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { orderCompleted } from '../../domain/drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** OrderCompleted → the buyer: "Order completed". */
@Injectable()
export class NotifyWhenOrderCompletedHandler implements MessageHandler<OrderCompletedData> {
  readonly schema = OrderCompletedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, OrderCompletedData>,
  ): Promise<void> {
    await storeNotifications(manager, orderCompleted(data), metadata);
  }
}
