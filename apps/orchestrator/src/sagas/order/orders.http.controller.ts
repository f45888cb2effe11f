import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { WaitQueryDto } from '@app/common';
import type { OrderView } from '@app/contracts';
import { startResponse } from '../api/start.response';
import { UuidIdParam } from '../api/uuid-id.param';
import { GetOrderQuery } from './get-order.query';
import { PlaceOrderCommand, PlaceOrderResult } from './place-order.command';
import { PlaceOrderRequestDto } from './place-order.request.dto';

@Controller('orders')
export class OrdersHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  /** 202 with the new saga; 200 with the existing one when the same order is posted again. */
  @Post()
  @HttpCode(202)
  async place(
    @Body() body: PlaceOrderRequestDto,
    @Headers('x-correlation-id') correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Omit<PlaceOrderResult, 'created'>> {
    const { orderId, buyerId, sellerId, sku, quantity, amount, address } = body;
    const result = await this.commandBus.execute<PlaceOrderCommand, PlaceOrderResult>(
      new PlaceOrderCommand(orderId, buyerId, sellerId, sku, quantity, amount, address, correlationId),
    );
    return startResponse(res, result);
  }

  /** `?waitMs=N` (≤ 30000): answered as soon as it is no longer PENDING, or after N ms with its current state. */
  @Get(':id')
  get(@UuidIdParam() id: string, @Query() { waitMs }: WaitQueryDto): Promise<OrderView> {
    return this.queryBus.execute<GetOrderQuery, OrderView>(new GetOrderQuery(id, waitMs));
  }
}
