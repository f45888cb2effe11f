import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderView } from '@app/contracts';
import { LOT_ID } from '../../../lots/domain/lot-id';
import { requireSegment } from '../../../shared/raw-body';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { orderAsSeenBy, OrderErrors, SaleOrderView } from '../../domain/order';
import { readOrder } from '../read-order';
import { GetLotOrderQuery } from './get-lot-order.query';

/**
 * The winner's order of a sold lot (the orchestrator finds it by the lot): whole for the winner or an
 * admin, without the address for the seller; 404 ORDER.NOT_FOUND for anyone else, as before the sale.
 */
@QueryHandler(GetLotOrderQuery)
export class GetLotOrderHandler implements IQueryHandler<GetLotOrderQuery, OrderView | SaleOrderView> {
  constructor(private readonly upstream: UpstreamClient) {}

  async execute({ caller, lotId }: GetLotOrderQuery): Promise<OrderView | SaleOrderView> {
    const path = `/lots/${requireSegment(lotId, 'lot id', LOT_ID)}/order`;
    const order = await readOrder(this.upstream, path, caller);
    const seen = order && orderAsSeenBy(caller, order);
    if (!seen) throw OrderErrors.noLotOrder(lotId);
    return seen;
  }
}
