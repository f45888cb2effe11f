import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '@app/common';
import { CurrentUser } from '../../auth/api/current-user.decorator';
import { Roles } from '../../auth/api/roles.decorator';
import type { AuthUser } from '../../auth/domain/user';
import { callerOf } from '../../shared/caller';
import { LotServiceClient } from '../infrastructure/lot-service.client';

/** `GET /me/bids` as the lot service answers it (`GET /bidders/:bidderId/lots`). */
const myBidsSchema = {
  type: 'object',
  properties: {
    total: { type: 'integer' },
    lots: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          lot: { type: 'object', additionalProperties: true, description: 'the lot, as GET /lots/:id' },
          highestBid: { type: 'string', description: 'your highest bid, minor units' },
          maxAmount: { type: 'string', description: 'your highest proxy maximum, when you set one' },
          bidCount: { type: 'integer', description: 'your bids on the lot' },
          lastBidAt: { type: 'string', format: 'date-time' },
          leading: { type: 'boolean' },
          position: { type: 'string', enum: ['LEADING', 'OUTBID', 'WON', 'LOST'] },
        },
      },
    },
  },
};

/** The signed-in buyer's bids: the lots they bid on, open ones first, with where they stand. */
@ApiTags('lots')
@Controller('me/bids')
export class MyBidsHttpController {
  constructor(private readonly lots: LotServiceClient) {}

  @Get()
  @Roles('buyer')
  @ApiOkResponse({ description: 'The lots you bid on (?limit=&offset=)', schema: myBidsSchema })
  async list(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto): Promise<unknown> {
    const query = new URLSearchParams({
      limit: String(page.limit ?? 50),
      offset: String(page.offset ?? 0),
    });
    const answer = await this.lots.call({
      method: 'GET',
      path: `/bidders/${encodeURIComponent(user.userId)}/lots`,
      query: query.toString(),
      caller: callerOf(user),
    });
    return answer.body;
  }
}
