import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PageRequestDto } from '../list-lots/list-lots.request.dto';
import { BidderLotPage, ListBidderLotsQuery } from './list-bidder-lots.query';

@Controller('bidders')
export class ListBidderLotsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /**
   * `GET /bidders/:bidderId/lots?limit=&offset=`: the lots this bidder bid on, each with their highest bid
   * and position (LEADING, OUTBID, WON, LOST); open lots first.
   */
  @Get(':bidderId/lots')
  list(@Param('bidderId') bidderId: string, @Query() page: PageRequestDto): Promise<BidderLotPage> {
    return this.queryBus.execute<ListBidderLotsQuery, BidderLotPage>(
      new ListBidderLotsQuery(bidderId, page.limit ?? 50, page.offset ?? 0),
    );
  }
}
