import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, SecondChanceAcceptedData, SecondChanceAcceptedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { secondChanceAccepted } from '../../domain/second-chance-drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** SecondChanceAccepted → The runner-up and the seller: the runner-up's order is under way. */
@Injectable()
export class NotifyWhenSecondChanceAcceptedHandler implements MessageHandler<SecondChanceAcceptedData> {
  readonly schema = SecondChanceAcceptedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SecondChanceAcceptedData>,
  ): Promise<void> {
    await storeNotifications(manager, secondChanceAccepted(data), metadata);
  }
}
