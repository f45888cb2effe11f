import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderSagaMessages } from '@app/contracts';
import { CommandConsumer, createKafka } from '@app/messaging';
import { BookDeliveryHandler } from '../application/book-delivery/book-delivery.handler';
import { CancelDeliveryHandler } from '../application/cancel-delivery/cancel-delivery.handler';

export const DELIVERY_PARTICIPANT = 'delivery';

/** Consumes `delivery.commands` from the orchestrator; replies go to `orchestrator.replies` via the outbox. */
@Injectable()
export class DeliveryCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: CommandConsumer;

  constructor(dataSource: DataSource, book: BookDeliveryHandler, cancel: CancelDeliveryHandler) {
    this.consumer = new CommandConsumer(createKafka(DELIVERY_PARTICIPANT), dataSource, {
      participant: DELIVERY_PARTICIPANT,
      handlers: {
        [OrderSagaMessages.delivery.book]: book,
        [OrderSagaMessages.delivery.cancel]: cancel,
      },
    });
  }

  /** CommandConsumer creates its topic when missing, then subscribes. */
  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
