import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ItemPage, ListItemsQuery } from './list-items.query';
import { ListItemsRequestDto } from './list-items.request.dto';

@Controller('items')
export class ListItemsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** `GET /items?sellerId=&limit=&offset=`, ordered by sku. */
  @Get()
  list(@Query() query: ListItemsRequestDto): Promise<ItemPage> {
    return this.queryBus.execute<ListItemsQuery, ItemPage>(
      new ListItemsQuery(query.sellerId, query.limit ?? 50, query.offset ?? 0),
    );
  }
}
