import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Matches } from 'class-validator';
import type { OrderView } from '@app/contracts';
import { GetOrderQuery } from '../order/get-order.query';
import { auctionOrderId } from './auction-saga-ids';

export class LotIdParam {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'lotId must be a lot id' })
  lotId: string;
}

/** The winner's order of a sold lot, found by the lot (its id is derived from the lot id here only). */
@Controller('lots')
export class LotOrderHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** `GET /lots/:lotId/order`: the order view as `GET /orders/:id`; 404 ORDER.NOT_FOUND before the lot sold. */
  @Get(':lotId/order')
  get(@Param() { lotId }: LotIdParam): Promise<OrderView> {
    return this.queryBus.execute<GetOrderQuery, OrderView>(new GetOrderQuery(auctionOrderId(lotId)));
  }
}
