import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, SecondChanceEndedData, SecondChanceEndedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { secondChanceEnded } from '../../domain/second-chance-drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** SecondChanceEnded → The seller (how the offer ended, where the lot goes) and, on expiry, the runner-up. */
@Injectable()
export class NotifyWhenSecondChanceEndedHandler implements MessageHandler<SecondChanceEndedData> {
  readonly schema = SecondChanceEndedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SecondChanceEndedData>,
  ): Promise<void> {
    await storeNotifications(manager, secondChanceEnded(data), metadata);
  }
}
