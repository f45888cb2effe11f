import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ListLotsQuery, LotPage } from './list-lots.query';
import { ListLotsRequestDto } from './list-lots.request.dto';

@Controller('lots')
export class ListLotsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** `GET /lots?status=&sellerId=&endingWithinS=&sort=newest|ending|ended|price|price_desc&limit=&offset=`. */
  @Get()
  list(@Query() q: ListLotsRequestDto): Promise<LotPage> {
    return this.queryBus.execute<ListLotsQuery, LotPage>(
      new ListLotsQuery(
        q.status,
        q.sellerId,
        q.sort ?? 'newest',
        q.limit ?? 50,
        q.offset ?? 0,
        q.endingWithinS,
      ),
    );
  }
}
