import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderSagaMessages } from '@app/contracts';
import { CommandConsumer, createKafka } from '@app/messaging';
import { ReleaseStockHandler } from '../application/release-stock/release-stock.handler';
import { ReserveStockHandler } from '../application/reserve-stock/reserve-stock.handler';

export const WAREHOUSE_PARTICIPANT = 'warehouse';

/** Consumes `warehouse.commands` from the orchestrator; replies go to `orchestrator.replies` via the outbox. */
@Injectable()
export class WarehouseCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: CommandConsumer;

  constructor(dataSource: DataSource, reserve: ReserveStockHandler, release: ReleaseStockHandler) {
    this.consumer = new CommandConsumer(createKafka(WAREHOUSE_PARTICIPANT), dataSource, {
      participant: WAREHOUSE_PARTICIPANT,
      handlers: {
        [OrderSagaMessages.warehouse.reserve]: reserve,
        [OrderSagaMessages.warehouse.release]: release,
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
