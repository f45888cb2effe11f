import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { OrderSagaMessages } from '@app/contracts';
import { CommandConsumer, createKafka } from '@app/messaging';
import { CaptureHoldHandler } from '../application/capture-hold/capture-hold.handler';
import { PlaceHoldHandler } from '../application/place-hold/place-hold.handler';
import { ReleaseHoldHandler } from '../application/release-hold/release-hold.handler';

export const WALLET_PARTICIPANT = 'wallet';

/** The wallet as a saga participant: consumes `wallet.commands`, replies on `orchestrator.replies`. */
@Injectable()
export class WalletCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly kafka: Kafka;
  private readonly consumer: CommandConsumer;

  constructor(dataSource: DataSource, placeHold: PlaceHoldHandler, releaseHold: ReleaseHoldHandler, captureHold: CaptureHoldHandler) {
    this.kafka = createKafka('wallet-commands');
    this.consumer = new CommandConsumer(this.kafka, dataSource, {
      participant: WALLET_PARTICIPANT,
      handlers: {
        [OrderSagaMessages.wallet.placeHold]: placeHold,
        [OrderSagaMessages.wallet.releaseHold]: releaseHold,
        [OrderSagaMessages.wallet.captureHold]: captureHold,
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
