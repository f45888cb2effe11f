import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import { ReleaseAllowanceWhenReleasedHandler } from './release-allowance-when-released.handler';
import { StartAuctionOrderWhenAuctionClosedHandler } from './start-auction-order-when-auction-closed.handler';
import { StartSecondChanceOrderWhenAcceptedHandler } from '../second-chance/start-second-chance-order-when-accepted.handler';

/** Inbox name and consumer group (shared by all replicas, so an AuctionClosed is applied once). */
export const LOTS_CONSUMER = 'orchestrator-lots';

/**
 * The orchestrator's reaction to lot.events: AuctionClosed starts the auction's order (or releases an
 * unsold lot's hold); AllowanceReleased releases the holds of an allowance the lot gave up;
 * SecondChanceAccepted starts the runner-up's order. GAVEL_LOT_EVENTS_TOPIC overrides the topic; when GAVEL_COMMAND_TOPIC_PREFIX
 * isolates a test run, the default topic carries the same prefix so a test orchestrator never takes
 * real auctions. GAVEL_ORCHESTRATOR_LOTS_CONSUMER overrides the inbox name/group.
 */
@Injectable()
export class LotEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: IdempotentConsumer;

  constructor(
    dataSource: DataSource,
    auctionClosed: StartAuctionOrderWhenAuctionClosedHandler,
    allowanceReleased: ReleaseAllowanceWhenReleasedHandler,
    secondChanceAccepted: StartSecondChanceOrderWhenAcceptedHandler,
  ) {
    const prefix = process.env.GAVEL_COMMAND_TOPIC_PREFIX ?? '';
    this.consumer = new IdempotentConsumer(createKafka('orchestrator-lots'), dataSource, {
      consumer: process.env.GAVEL_ORCHESTRATOR_LOTS_CONSUMER || LOTS_CONSUMER,
      topics: [process.env.GAVEL_LOT_EVENTS_TOPIC || `${prefix}${Topics.lotEvents}`],
      handlers: {
        AuctionClosed: auctionClosed,
        AllowanceReleased: allowanceReleased,
        SecondChanceAccepted: secondChanceAccepted,
      },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
