import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import { NotifyWhenFundsDepositedHandler } from '../application/notify-when-funds-deposited/notify-when-funds-deposited.handler';

export const NOTIFICATION_CONSUMER = 'notification';

/** Subscribes to the domain events users are told about. */
@Injectable()
export class NotificationEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: IdempotentConsumer;

  constructor(dataSource: DataSource, fundsDeposited: NotifyWhenFundsDepositedHandler) {
    this.consumer = new IdempotentConsumer(createKafka('notification'), dataSource, {
      consumer: process.env.GAVEL_NOTIFICATION_CONSUMER ?? NOTIFICATION_CONSUMER,
      topics: [Topics.walletEvents],
      handlers: { FundsDeposited: fundsDeposited },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
