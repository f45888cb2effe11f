import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPaymentRequiredResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../shared/error-body.dto';
import { IsBoolean, IsOptional } from 'class-validator';
import { uuidV5 } from '@app/common';
import { CurrentUser } from '../../auth/api/current-user.decorator';
import { Roles } from '../../auth/api/roles.decorator';
import type { AuthUser } from '../../auth/domain/user';
import { callerOf } from '../../shared/caller';
import { httpError } from '../../shared/http-error';
import { longPoll } from '../../shared/long-poll';
import { requireSegment } from '../../shared/raw-body';
import { UpstreamClient } from '../../upstream/upstream.client';
import { IsBidAmount } from '../application/place-bid/place-bid.request.dto';
import { BID_ID_NAMESPACE, BID_NOT_PLACED, rejectionStatus } from '../domain/bid';
import { LOT_ID } from '../domain/lot-id';
import { LotServiceClient } from '../infrastructure/lot-service.client';

/** What the orchestrator says of a BidAllowance saga. */
interface AllowanceAnswer {
  status: string;
  code?: string;
  reason?: string;
}

/** Attempts after funds not held in time before a PUT joins its last saga whatever it says. */
const MAX_ALLOWANCE_ATTEMPTS = 50;

export class SetAllowanceDto {
  @ApiProperty({
    description: 'Hold at least this much for your bids on this lot (minor units)',
    example: 5000,
  })
  @IsBidAmount()
  amount: number;

  @ApiPropertyOptional({
    description: 'Keep it when outbid (default true here; until the lot closes or you withdraw it)',
  })
  @IsOptional()
  @IsBoolean({ message: 'keepWhenOutbid must be a boolean' })
  keepWhenOutbid?: boolean;
}

interface AllowanceView {
  amount: string;
}

/**
 * A bidder's allowance on a lot: money held in their wallet for their bids there, so each bid is
 * decided by the lot at once. PUT raises it to at least `amount` (a BidAllowance saga holds the
 * difference; answered once granted), GET shows it with its holds, DELETE gives it back (409
 * LOT.ALLOWANCE_COVERS_LEAD while you lead).
 */
@ApiTags('lots')
@Controller('lots/:id/allowance')
export class AllowanceHttpController {
  constructor(
    private readonly lots: LotServiceClient,
    private readonly upstream: UpstreamClient,
  ) {}

  @Get()
  @Roles('buyer')
  @ApiOkResponse({ description: '{lotId, bidderId, amount, keepWhenOutbid, exposure, leading, holds}' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID (lot id)' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'LOT.NOT_FOUND' })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<unknown> {
    return (await this.read(user, id)).body;
  }

  @Put()
  @Roles('buyer')
  @ApiOkResponse({ description: 'The allowance once granted (as GET)' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'LOT.NOT_FOUND' })
  @ApiPaymentRequiredResponse({ type: ErrorBodyDto, description: 'WALLET.INSUFFICIENT_FUNDS' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'LOT.CLOSED' })
  @ApiServiceUnavailableResponse({
    type: ErrorBodyDto,
    description: 'ALLOWANCE.PENDING: not held yet, look again',
  })
  async set(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: SetAllowanceDto,
  ): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    const current = BigInt((await this.read(user, lotId)).body.amount);
    const by = BigInt(body.amount) - current;
    if (by > 0n) {
      const allowanceId = await this.nextAllowanceId(
        user,
        `allowance\n${user.userId}\n${lotId}\n${current}\n${body.amount}`,
      );
      await this.upstream.call('orchestrator', {
        method: 'POST',
        path: '/allowances',
        body: {
          allowanceId,
          lotId,
          bidderId: user.userId,
          amount: Number(by),
          keepWhenOutbid: body.keepWhenOutbid ?? true,
        },
        caller: callerOf(user),
      });
      const answer = await longPoll(
        (waitMs) => this.allowanceSaga(user, allowanceId, waitMs),
        (a) => a.status !== 'PENDING',
        Date.now() + 6000,
        200,
      );
      if (!answer || answer.status === 'PENDING') {
        throw httpError(
          503,
          'ALLOWANCE.PENDING',
          'The allowance is still being held; look again in a moment',
          {
            allowanceId,
            retryAfterSeconds: 2,
          },
        );
      }
      if (answer.status === 'REFUSED') {
        const code = answer.code ?? 'ALLOWANCE.REFUSED';
        throw httpError(rejectionStatus(code), code, answer.reason ?? 'The allowance could not be held');
      }
    }
    return (await this.read(user, lotId)).body;
  }

  @Delete()
  @Roles('buyer')
  @ApiOkResponse({ description: 'The allowance after withdrawal (amount 0; its holds are being released)' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID (lot id)' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'LOT.NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'LOT.ALLOWANCE_COVERS_LEAD: you lead this lot' })
  async withdraw(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    const res = await this.lots.call({
      method: 'DELETE',
      path: `/lots/${lotId}/allowances/${encodeURIComponent(user.userId)}`,
      lotId,
      caller: callerOf(user),
    });
    return res.body;
  }

  /**
   * The same PUT names the same BidAllowance saga (a retry joins it instead of holding twice), unless that
   * saga was refused because the funds were not held in time (the wallet slow or down): then a retry is a
   * new attempt with a new id, so "try again" can succeed instead of repeating the old refusal.
   */
  private async nextAllowanceId(user: AuthUser, request: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const id = uuidV5(attempt === 0 ? request : `${request}\n#${attempt}`, BID_ID_NAMESPACE);
      if (attempt >= MAX_ALLOWANCE_ATTEMPTS) return id;
      const earlier = await this.allowanceSaga(user, id);
      if (earlier?.status !== 'REFUSED' || earlier.code !== BID_NOT_PLACED.cause) return id;
    }
  }

  /** The BidAllowance saga's answer (a long poll when `waitMs` is given); undefined when unknown or unreachable. */
  private async allowanceSaga(
    user: AuthUser,
    id: string,
    waitMs?: number,
  ): Promise<AllowanceAnswer | undefined> {
    try {
      const res = await this.upstream.call<AllowanceAnswer>('orchestrator', {
        method: 'GET',
        path: `/allowances/${id}`,
        ...(waitMs === undefined ? {} : { waitMs }),
        caller: callerOf(user),
      });
      return res.body;
    } catch {
      return undefined;
    }
  }

  private async read(user: AuthUser, id: string): Promise<{ body: AllowanceView }> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    const res = await this.lots.call({
      method: 'GET',
      path: `/lots/${lotId}/allowances/${encodeURIComponent(user.userId)}`,
      lotId,
      caller: callerOf(user),
    });
    return { body: res.body as AllowanceView };
  }
}
