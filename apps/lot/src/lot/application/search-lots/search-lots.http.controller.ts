import { Controller, Get, Inject, Query } from '@nestjs/common';
import { LOT_SEARCH_INDEX, LotSearchIndex, LotSearchResult } from './lot-search.port';
import { SearchLotsRequestDto } from './search-lots.request.dto';

@Controller('lots')
export class SearchLotsHttpController {
  constructor(@Inject(LOT_SEARCH_INDEX) private readonly index: LotSearchIndex) {}

  /**
   * `GET /lots/search?q=&status=&minPrice=&maxPrice=&limit=`: full-text over title and description,
   * filtered by status and current price. Eventually consistent (about a second behind lot.events).
   */
  @Get('search')
  search(@Query() q: SearchLotsRequestDto): Promise<LotSearchResult> {
    return this.index.search({
      q: q.q,
      status: q.status,
      minPrice: q.minPrice,
      maxPrice: q.maxPrice,
      limit: q.limit ?? 20,
    });
  }
}
