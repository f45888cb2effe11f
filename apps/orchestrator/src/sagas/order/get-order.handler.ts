import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { OrderView } from '@app/contracts';
import { SagaErrors } from '../domain/saga.errors';
import { SagaChangeFeed } from '../infrastructure/saga-change-feed';
import { SagaProjection } from '../infrastructure/saga-projection.repository';
import { AUCTION_ORDER_SAGA } from '../auction-order/auction-order.saga';
import { SECOND_CHANCE_ORDER_SAGA } from '../second-chance/second-chance-order.saga';
import { ORDER_SAGA, OrderData } from './order.saga';
import { toOrderView } from './order.view';
import { GetOrderQuery } from './get-order.query';

/** Sagas whose data is an order (an auction order and a second-chance order carry OrderData plus the lot). */
const ORDER_SAGA_TYPES = [ORDER_SAGA, AUCTION_ORDER_SAGA, SECOND_CHANCE_ORDER_SAGA];

/**
 * The order as its buyer sees it, derived from the Order (or AuctionOrder) saga with the same id;
 * optionally long-polled.
 */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: SagaProjection,
    private readonly changes: SagaChangeFeed,
  ) {}

  execute({ orderId, waitMs }: GetOrderQuery): Promise<OrderView> {
    return this.changes.awaitSettled(
      orderId,
      waitMs,
      () => this.read(orderId),
      (view) => view.status !== 'PENDING',
    );
  }

  private async read(orderId: string): Promise<OrderView> {
    const row = await this.projection.find(this.dataSource.manager, orderId);
    if (!row || !ORDER_SAGA_TYPES.includes(row.type)) throw SagaErrors.orderNotFound(orderId);
    return toOrderView({
      status: row.status,
      step: row.step,
      data: row.data as OrderData,
      failure: row.failure,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  }
}
