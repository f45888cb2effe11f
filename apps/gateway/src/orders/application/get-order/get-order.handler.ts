import { HttpException } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderView } from '@app/contracts';
import { callerOf } from '../../../shared/caller';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { asOrderView, OrderErrors } from '../../domain/order';
import { GetOrderQuery } from './get-order.query';

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An order for its buyer or an admin; anyone else gets the same 404 as for a missing order. */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(private readonly upstream: UpstreamClient) {}

  async execute({ caller, orderId, waitMs }: GetOrderQuery): Promise<OrderView> {
    if (!ORDER_ID.test(orderId)) throw OrderErrors.notFound(orderId);
    let body: unknown;
    try {
      body = (
        await this.upstream.call('orchestrator', {
          method: 'GET',
          path: `/orders/${orderId}`,
          waitMs,
          caller: callerOf(caller),
        })
      ).body;
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === 404) throw OrderErrors.notFound(orderId);
      throw e;
    }
    const order = asOrderView(body);
    const mayRead = caller.roles.includes('admin') || order?.buyerId === caller.userId;
    if (!order || !mayRead) throw OrderErrors.notFound(orderId);
    return order;
  }
}
