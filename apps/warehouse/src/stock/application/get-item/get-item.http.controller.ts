import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { SkuParam } from '../../api/sku.param';
import { ItemView } from '../../domain/stock';
import { GetItemQuery } from './get-item.query';

@Controller('items')
export class GetItemHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':sku')
  get(@Param() params: SkuParam): Promise<ItemView> {
    return this.queryBus.execute<GetItemQuery, ItemView>(new GetItemQuery(params.sku));
  }
}
