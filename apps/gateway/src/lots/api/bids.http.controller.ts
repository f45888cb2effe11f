import { Controller, Get, HttpException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, WaitQueryDto } from '@app/common';
import type { BidView } from '@app/contracts';
import { CurrentUser } from '../../auth/api/current-user.decorator';
import { Roles } from '../../auth/api/roles.decorator';
import type { AuthUser } from '../../auth/domain/user';
import { callerOf } from '../../shared/caller';
import { UpstreamClient } from '../../upstream/upstream.client';
import { asBidView } from '../domain/bid';
import { LotServiceClient } from '../infrastructure/lot-service.client';

/**
 * A bid's progress (the Location of a 202 from POST /lots/:id/bids); only its bidder (or an admin) sees it.
 * `?waitMs=` long-polls: the answer comes as soon as the bid is ACCEPTED or REJECTED.
 */
@ApiTags('lots')
@Controller('bids')
export class BidsHttpController {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly lots: LotServiceClient,
  ) {}

  @Get(':id')
  @Roles('buyer', 'admin')
  @ApiOkResponse({ description: '{bidId, lotId, status: PENDING|ACCEPTED|REJECTED, amount, code?, reason?}' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Query() { waitMs }: WaitQueryDto,
  ): Promise<BidView> {
    const bid = (await this.decided(user, id)) ?? (await this.placedBySaga(user, id, waitMs));
    if (!bid || (bid.bidderId !== user.userId && !user.roles.includes('admin'))) {
      throw new DomainError('BID.NOT_FOUND', `No bid ${id}`, 'not_found');
    }
    return bid;
  }

  /** A bid the lot decided (the bid desk): its final answer. */
  private async decided(user: AuthUser, id: string): Promise<BidView | undefined> {
    try {
      const res = await this.lots.call({ method: 'GET', path: `/bids/${id}`, caller: callerOf(user) });
      const a = res.body as {
        bidId: string;
        lotId: string;
        bidderId: string;
        amount: string;
        decidedAt: string;
      };
      return {
        ...a,
        status: 'ACCEPTED',
        sagaStatus: 'COMPLETED',
        acceptedAmount: a.amount,
        createdAt: a.decidedAt,
        updatedAt: a.decidedAt,
      } as BidView;
    } catch (e) {
      const body =
        e instanceof HttpException
          ? (e.getResponse() as { code?: string; message?: string; details?: { bidId?: string } })
          : undefined;
      if (body?.code === 'BID.NOT_FOUND') return undefined;
      if (body?.code && body.details?.bidId) {
        return {
          bidId: id,
          lotId: '',
          bidderId: user.userId,
          status: 'REJECTED',
          code: body.code,
          reason: body.message,
          ...(body.details as object),
        } as unknown as BidView;
      }
      throw e;
    }
  }

  /** A bid placed by the former PlaceBid saga (before the bid desk). */
  private async placedBySaga(
    user: AuthUser,
    id: string,
    waitMs: number | undefined,
  ): Promise<BidView | undefined> {
    const res = await this.upstream.call('orchestrator', {
      method: 'GET',
      path: `/bids/${id}`,
      waitMs,
      caller: callerOf(user),
    });
    return asBidView(res.body);
  }
}
