import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import { BroadcastWhenLotCreatedHandler } from '../application/broadcast-when-lot-created/broadcast-when-lot-created.handler';
import { CloseLotWhenAuctionClosedHandler } from '../application/close-lot-when-auction-closed/close-lot-when-auction-closed.handler';
import { ExtendLotWhenAuctionExtendedHandler } from '../application/extend-lot-when-auction-extended/extend-lot-when-auction-extended.handler';

export const TELEGRAM_ALERTER_CONSUMER = 'telegram-alerter';

/** `lot.events`: new lots are announced; closes and extensions keep /lots current. */
@Injectable()
export class LotEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: IdempotentConsumer;

  constructor(
    dataSource: DataSource,
    lotCreated: BroadcastWhenLotCreatedHandler,
    auctionClosed: CloseLotWhenAuctionClosedHandler,
    auctionExtended: ExtendLotWhenAuctionExtendedHandler,
  ) {
    this.consumer = new IdempotentConsumer(createKafka('telegram-alerter'), dataSource, {
      consumer: process.env.GAVEL_TELEGRAM_ALERTER_CONSUMER ?? TELEGRAM_ALERTER_CONSUMER,
      topics: [Topics.lotEvents],
      handlers: { LotCreated: lotCreated, AuctionClosed: auctionClosed, AuctionExtended: auctionExtended },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
