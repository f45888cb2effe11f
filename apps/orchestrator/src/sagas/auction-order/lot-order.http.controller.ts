import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Matches } from 'class-validator';
import type { OrderView } from '@app/contracts';
import { GetOrderQuery } from '../order/get-order.query';
import { auctionOrderId, secondChanceOrderId } from './auction-saga-ids';

export class LotIdParam {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'lotId must be a lot id' })
  lotId: string;
}

/** The orders of a sold lot, found by the lot (their ids are derived from the lot id here only). */
@Controller('lots')
export class LotOrderHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** `GET /lots/:lotId/order`: the order view as `GET /orders/:id`; 404 ORDER.NOT_FOUND before the lot sold. */
  @Get(':lotId/order')
  get(@Param() { lotId }: LotIdParam): Promise<OrderView> {
    return this.queryBus.execute<GetOrderQuery, OrderView>(new GetOrderQuery(auctionOrderId(lotId)));
  }

  /**
   * `GET /lots/:lotId/second-chance-order`: the runner-up's order after they accepted a second chance, as
   * `GET /orders/:id`; 404 ORDER.NOT_FOUND before.
   */
  @Get(':lotId/second-chance-order')
  secondChance(@Param() { lotId }: LotIdParam): Promise<OrderView> {
    return this.queryBus.execute<GetOrderQuery, OrderView>(new GetOrderQuery(secondChanceOrderId(lotId)));
  }
}
