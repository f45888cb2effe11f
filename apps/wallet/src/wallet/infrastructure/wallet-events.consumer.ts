import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import { OpenWalletWhenUserRegisteredHandler } from '../application/open-wallet-when-user-registered/open-wallet-when-user-registered.handler';

export const WALLET_CONSUMER = 'wallet';

/** Domain events the wallet reacts to: a registered user gets a wallet. */
@Injectable()
export class WalletEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly kafka: Kafka;
  private readonly consumer: IdempotentConsumer;

  constructor(dataSource: DataSource, userRegistered: OpenWalletWhenUserRegisteredHandler) {
    this.kafka = createKafka('wallet-events');
    this.consumer = new IdempotentConsumer(this.kafka, dataSource, {
      consumer: process.env.GAVEL_WALLET_CONSUMER ?? WALLET_CONSUMER,
      topics: [Topics.userEvents],
      handlers: { UserRegistered: userRegistered },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
