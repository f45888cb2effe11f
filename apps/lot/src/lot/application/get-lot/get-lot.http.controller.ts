import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { LotBidView, LotView } from '../../domain/lot';
import { PageRequestDto } from '../list-lots/list-lots.request.dto';
import { GetLotBidsQuery, GetLotQuery } from './get-lot.query';

@Controller('lots')
export class GetLotHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** The lot with its current price, leader, bid count, minimum next bid, end and status; 404 LOT.NOT_FOUND. */
  @Get(':id')
  get(@Param('id') id: string): Promise<LotView> {
    return this.queryBus.execute<GetLotQuery, LotView>(new GetLotQuery(id));
  }

  /** `GET /lots/:id/bids?limit=&offset=`: the bid history, newest first. */
  @Get(':id/bids')
  bids(
    @Param('id') id: string,
    @Query() page: PageRequestDto,
  ): Promise<{ bids: LotBidView[]; total: number }> {
    return this.queryBus.execute(new GetLotBidsQuery(id, page.limit ?? 50, page.offset ?? 0));
  }
}
