import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OrderView } from '@app/contracts';
import { LOT_ID } from '../../../lots/domain/lot-id';
import { requireSegment } from '../../../shared/raw-body';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { orderAsSeenBy, OrderErrors, SaleOrderView } from '../../domain/order';
import { readOrder } from '../read-order';
import { GetLotOrderQuery } from './get-lot-order.query';

/**
 * The order of a sold lot (the orchestrator finds it by the lot): whole for its buyer or an admin, without
 * the address for the seller; 404 ORDER.NOT_FOUND for anyone else, as before the sale. After a failed sale
 * whose runner-up accepted a second chance, the runner-up's order is the lot's order (for them, the seller
 * and admins); the failed winner still reads their own cancelled order here.
 */
@QueryHandler(GetLotOrderQuery)
export class GetLotOrderHandler implements IQueryHandler<GetLotOrderQuery, OrderView | SaleOrderView> {
  constructor(private readonly upstream: UpstreamClient) {}

  async execute({ caller, lotId }: GetLotOrderQuery): Promise<OrderView | SaleOrderView> {
    const lot = `/lots/${requireSegment(lotId, 'lot id', LOT_ID)}`;
    const secondChance = await readOrder(this.upstream, `${lot}/second-chance-order`, caller);
    const current = secondChance && orderAsSeenBy(caller, secondChance);
    if (current) return current;
    const order = await readOrder(this.upstream, `${lot}/order`, caller);
    const seen = order && orderAsSeenBy(caller, order);
    if (!seen) throw OrderErrors.noLotOrder(lotId);
    return seen;
  }
}
