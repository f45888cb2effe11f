import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderView } from '@app/contracts';
import { SagaErrors } from '../domain/saga.errors';
import { SagaRequests, SagaViewSpec } from '../infrastructure/saga-requests';
import { AUCTION_ORDER_SAGA } from '../auction-order/auction-order.saga';
import { SECOND_CHANCE_ORDER_SAGA } from '../second-chance/second-chance-order.saga';
import { ORDER_SAGA, OrderData } from './order.saga';
import { toOrderView } from './order.view';
import { GetOrderQuery } from './get-order.query';

/** Sagas whose data is an order (an auction order and a second-chance order carry OrderData plus the lot). */
const ORDER_VIEW: SagaViewSpec<OrderView> = {
  types: [ORDER_SAGA, AUCTION_ORDER_SAGA, SECOND_CHANCE_ORDER_SAGA],
  notFound: SagaErrors.orderNotFound,
  toView: (row) =>
    toOrderView({
      status: row.status,
      step: row.step,
      data: row.data as OrderData,
      failure: row.failure,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }),
  settled: (view) => view.status !== 'PENDING',
};

/**
 * The order as its buyer sees it, derived from the Order (or AuctionOrder) saga with the same id;
 * optionally long-polled.
 */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(private readonly requests: SagaRequests) {}

  execute({ orderId, waitMs }: GetOrderQuery): Promise<OrderView> {
    return this.requests.read(orderId, waitMs, ORDER_VIEW);
  }
}
