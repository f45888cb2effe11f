import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@app/common';
import { CurrentUser } from '../../auth/api/current-user.decorator';
import { Roles } from '../../auth/api/roles.decorator';
import type { AuthUser } from '../../auth/domain/user';
import { callerOf } from '../../shared/caller';
import { ErrorBodyDto } from '../../shared/error-body.dto';
import { LotServiceClient } from '../infrastructure/lot-service.client';

export const MY_LOT_STATUSES = ['OPEN', 'CLOSED'] as const;
export const MY_LOT_SORTS = ['newest', 'ending', 'ended', 'price', 'price_desc'] as const;

export class MyLotsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MY_LOT_STATUSES, description: 'Only open or only closed lots' })
  @IsOptional()
  @IsIn(MY_LOT_STATUSES, { message: `status must be one of ${MY_LOT_STATUSES.join(', ')}` })
  status?: (typeof MY_LOT_STATUSES)[number];

  @ApiPropertyOptional({ enum: MY_LOT_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(MY_LOT_SORTS, { message: `sort must be one of ${MY_LOT_SORTS.join(', ')}` })
  sort?: (typeof MY_LOT_SORTS)[number];
}

/**
 * The signed-in seller's lots (`GET /lots?sellerId=<you>` at the lot service): status, price, bids, the
 * outcome and, once sold, how the sale ended (saleStatus, saleFailureCode, saleFailureReason).
 */
@ApiTags('lots')
@Controller('me/lots')
export class MyLotsHttpController {
  constructor(private readonly lots: LotServiceClient) {}

  @Get()
  @Roles('seller')
  @ApiOkResponse({ description: '`{lots: [the lot, as GET /lots/:id], total}`, newest first by default' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID (paging, status or sort)' })
  async list(@CurrentUser() user: AuthUser, @Query() q: MyLotsQueryDto): Promise<unknown> {
    const query = new URLSearchParams({
      sellerId: user.userId,
      sort: q.sort ?? 'newest',
      limit: String(q.limit ?? 50),
      offset: String(q.offset ?? 0),
    });
    if (q.status) query.set('status', q.status);
    const answer = await this.lots.call({
      method: 'GET',
      path: '/lots',
      query: query.toString(),
      caller: callerOf(user, 'seller'),
    });
    return answer.body;
  }
}
