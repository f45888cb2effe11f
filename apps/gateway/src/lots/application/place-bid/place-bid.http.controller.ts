import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiPaymentRequiredResponse,
  ApiTags,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../../../auth/api/current-user.decorator';
import { Roles } from '../../../auth/api/roles.decorator';
import type { AuthUser } from '../../../auth/domain/user';
import { ErrorBodyDto } from '../../../shared/error-body.dto';
import { httpError } from '../../../shared/http-error';
import { parseIdempotencyKey } from '../../../shared/idempotency-key';
import { requireSegment } from '../../../shared/raw-body';
import { BID_NOT_PLACED, rejectionStatus } from '../../domain/bid';
import { LOT_ID } from '../../domain/lot-id';
import { PlaceBidCommand, PlaceBidOutcome } from './place-bid.command';
import { BidAnswerDto, PlaceBidRequestDto } from './place-bid.request.dto';

@ApiTags('lots')
@Controller('lots')
export class PlaceBidHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/bids')
  @HttpCode(201)
  @Roles('buyer')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key places the same bid',
  })
  @ApiCreatedResponse({ type: BidAnswerDto, description: 'Accepted: you lead' })
  @ApiAcceptedResponse({ type: BidAnswerDto, description: 'Still being decided; poll links.self' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'LOT.BID_TOO_LOW (outbid) or LOT.CLOSED' })
  @ApiPaymentRequiredResponse({ type: ErrorBodyDto, description: 'WALLET.INSUFFICIENT_FUNDS' })
  @ApiUnprocessableEntityResponse({ type: ErrorBodyDto, description: 'LOT.OWN_LOT' })
  @ApiServiceUnavailableResponse({
    type: ErrorBodyDto,
    description:
      'BID.NOT_PLACED: the funds could not be held in time (the wallet is slow or down); nothing was placed, retry after Retry-After seconds with a new Idempotency-Key',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    description:
      'BID.OVERLOADED: too many bids in flight; nothing was placed, retry after Retry-After seconds',
  })
  async place(
    @CurrentUser() bidder: AuthUser,
    @Param('id') id: string,
    @Body() body: PlaceBidRequestDto,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BidAnswerDto> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    if (body.maxAmount !== undefined && body.maxAmount < body.amount) {
      throw httpError(400, 'REQUEST.INVALID', 'maxAmount must be at least amount');
    }
    const outcome = await this.commandBus.execute<PlaceBidCommand, PlaceBidOutcome>(
      new PlaceBidCommand(bidder, lotId, body, parseIdempotencyKey(rawKey)),
    );
    if (!outcome.settled) {
      const self = `/bids/${outcome.bidId}`;
      res.status(202).location(self);
      return { bidId: outcome.bidId, status: 'PENDING', amount: outcome.amount, links: { self } };
    }
    const { bid } = outcome;
    if (bid.status === 'REJECTED' && bid.code === BID_NOT_PLACED.cause) {
      res.setHeader('Retry-After', String(BID_NOT_PLACED.retryAfterSeconds));
      throw httpError(
        503,
        BID_NOT_PLACED.code,
        'Your funds could not be held in time, so the bid was not placed; try again with a new Idempotency-Key',
        {
          bidId: bid.bidId,
          cause: bid.code,
        },
      );
    }
    if (bid.status === 'REJECTED') {
      throw httpError(
        rejectionStatus(bid.code),
        bid.code ?? 'BID.REJECTED',
        bid.reason ?? 'The bid was rejected',
        {
          bidId: bid.bidId,
        },
      );
    }
    return { bidId: bid.bidId, status: 'ACCEPTED', amount: bid.acceptedAmount ?? bid.amount };
  }
}
