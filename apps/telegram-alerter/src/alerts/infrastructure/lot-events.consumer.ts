import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import {
  BroadcastWhenLotCreatedHandler,
  CloseLotWhenAuctionClosedHandler,
  ExtendLotWhenAuctionExtendedHandler,
} from '../application/event-handlers';

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
