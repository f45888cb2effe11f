import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Envelope, OutbidData, OutbidSchema } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { outbid } from '../../domain/drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** Outbid → the bidder whose lead was taken. */
@Injectable()
export class NotifyWhenOutbidHandler implements MessageHandler<OutbidData> {
  readonly schema = OutbidSchema;

  async handle(manager: EntityManager, { data, metadata }: Envelope<string, OutbidData>): Promise<void> {
    await storeNotifications(manager, outbid(data), metadata);
  }
}
