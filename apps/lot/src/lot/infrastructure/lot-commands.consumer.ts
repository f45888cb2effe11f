import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AllowanceSagaMessages, BidSagaMessages } from '@app/contracts';
import { CommandConsumer, createKafka } from '@app/messaging';
import { AcceptBidHandler } from '../application/accept-bid/accept-bid.handler';
import { GrantAllowanceHandler } from '../application/allowance/grant-allowance.handler';

export const LOT_PARTICIPANT = 'lot';

/** Consumes `lot.commands` from the orchestrator; replies go to `orchestrator.replies` via the outbox. */
@Injectable()
export class LotCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: CommandConsumer;

  constructor(dataSource: DataSource, acceptBid: AcceptBidHandler, grantAllowance: GrantAllowanceHandler) {
    this.consumer = new CommandConsumer(createKafka(LOT_PARTICIPANT), dataSource, {
      participant: LOT_PARTICIPANT,
      handlers: {
        [BidSagaMessages.acceptBid]: acceptBid,
        [AllowanceSagaMessages.grantAllowance]: grantAllowance,
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
