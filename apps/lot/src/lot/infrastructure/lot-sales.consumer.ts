import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
import { RecordSaleWhenOrderEndedHandler } from '../application/record-sale/record-sale-when-order-ended.handler';

export const LOT_SALES_CONSUMER = 'lot-sales';

/** Consumes order.events to learn how each SOLD lot's sale ended; its inbox is the lot schema's processed_messages. */
@Injectable()
export class LotSalesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: IdempotentConsumer;

  constructor(dataSource: DataSource, handler: RecordSaleWhenOrderEndedHandler) {
    this.consumer = new IdempotentConsumer(createKafka(LOT_SALES_CONSUMER), dataSource, {
      consumer: LOT_SALES_CONSUMER,
      groupId: process.env.GAVEL_LOT_SALES_GROUP ?? LOT_SALES_CONSUMER,
      topics: [Topics.orderEvents],
      handlers: handler.handlers(),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
