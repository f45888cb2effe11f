import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuctionClosedData, AuctionClosedSchema, Envelope } from '@app/contracts';
import { MessageHandler } from '@app/messaging';
import { auctionClosed } from '../../domain/drafts';
import { storeNotifications } from '../../infrastructure/notification.store';

/** AuctionClosed SOLD → the winner ("You won") and the seller ("Sold"); UNSOLD → the seller, with the reason. */
@Injectable()
export class NotifyWhenAuctionClosedHandler implements MessageHandler<AuctionClosedData> {
  readonly schema = AuctionClosedSchema;

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, AuctionClosedData>,
  ): Promise<void> {
    await storeNotifications(manager, auctionClosed(data), metadata);
  }
}
