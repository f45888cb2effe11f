import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, SecondChanceOfferedData, SecondChanceOfferedSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { secondChanceOffered } from '../../domain/second-chance-drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** SecondChanceOffered → The runner-up (the offer, its amount and deadline) and the seller. */
@Injectable()
export class NotifyWhenSecondChanceOfferedHandler implements MessageHandler<SecondChanceOfferedData> {
  readonly schema = SecondChanceOfferedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, SecondChanceOfferedData>,
  ): Promise<void> {
    await storeNotifications(manager, secondChanceOffered(data), metadata);
  }
}
