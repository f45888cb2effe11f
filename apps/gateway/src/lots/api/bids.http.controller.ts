import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, WaitQueryDto } from '@app/common';
import type { BidView } from '@app/contracts';
import { CurrentUser } from '../../auth/api/current-user.decorator';
import { Roles } from '../../auth/api/roles.decorator';
import type { AuthUser } from '../../auth/domain/user';
import { callerOf } from '../../shared/caller';
import { UpstreamClient } from '../../upstream/upstream.client';
import { asBidView } from '../domain/bid';

/**
 * A bid's progress (the Location of a 202 from POST /lots/:id/bids); only its bidder (or an admin) sees it.
 * `?waitMs=` long-polls: the answer comes as soon as the bid is ACCEPTED or REJECTED.
 */
@ApiTags('lots')
@Controller('bids')
export class BidsHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get(':id')
  @Roles('buyer', 'admin')
  @ApiOkResponse({ description: '{bidId, lotId, status: PENDING|ACCEPTED|REJECTED, amount, code?, reason?}' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Query() { waitMs }: WaitQueryDto,
  ): Promise<BidView> {
    const res = await this.upstream.call('orchestrator', {
      method: 'GET',
      path: `/bids/${id}`,
      waitMs,
      caller: callerOf(user),
    });
    const bid = asBidView(res.body);
    if (!bid || (bid.bidderId !== user.userId && !user.roles.includes('admin'))) {
      throw new DomainError('BID.NOT_FOUND', `No bid ${id}`, 'not_found');
    }
    return bid;
  }
}
