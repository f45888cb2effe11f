import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderView } from '@app/contracts';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { OrderErrors } from '../../domain/order';
import { readOrder } from '../read-order';
import { GetOrderQuery } from './get-order.query';

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An order for its buyer or an admin; anyone else gets the same 404 as for a missing order. */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(private readonly upstream: UpstreamClient) {}

  async execute({ caller, orderId, waitMs }: GetOrderQuery): Promise<OrderView> {
    if (!ORDER_ID.test(orderId)) throw OrderErrors.notFound(orderId);
    const order = await readOrder(this.upstream, `/orders/${orderId}`, caller, waitMs);
    const mayRead = caller.roles.includes('admin') || order?.buyerId === caller.userId;
    if (!order || !mayRead) throw OrderErrors.notFound(orderId);
    return order;
  }
}
