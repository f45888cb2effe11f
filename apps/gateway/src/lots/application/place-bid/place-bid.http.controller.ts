import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiPaymentRequiredResponse,
  ApiTags,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../../../auth/api/current-user.decorator';
import { Roles } from '../../../auth/api/roles.decorator';
import type { AuthUser } from '../../../auth/domain/user';
import { ErrorBodyDto } from '../../../shared/error-body.dto';
import { httpError } from '../../../shared/http-error';
import { parseIdempotencyKey } from '../../../shared/idempotency-key';
import { requireSegment } from '../../../shared/raw-body';
import { LOT_ID } from '../../domain/lot-id';
import { AcceptedBid, PlaceBidCommand } from './place-bid.command';
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
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'LOT.NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'LOT.BID_TOO_LOW (outbid) or LOT.CLOSED' })
  @ApiPaymentRequiredResponse({
    type: ErrorBodyDto,
    description:
      'WALLET.INSUFFICIENT_FUNDS: the allowance this bid needs could not be held (LOT.ALLOWANCE_TOO_LOW when automatic allowances are off)',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorBodyDto, description: 'LOT.OWN_LOT' })
  @ApiServiceUnavailableResponse({
    type: ErrorBodyDto,
    description:
      'BID.NOT_PLACED: the funds could not be held in time (the wallet is slow or down); nothing was placed, retry after Retry-After seconds with a new Idempotency-Key',
  })
  async place(
    @CurrentUser() bidder: AuthUser,
    @Param('id') id: string,
    @Body() body: PlaceBidRequestDto,
    @Headers('idempotency-key') rawKey: string | undefined,
  ): Promise<BidAnswerDto> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    if (body.maxAmount !== undefined && body.maxAmount < body.amount) {
      throw httpError(400, 'REQUEST.INVALID', 'maxAmount must be at least amount');
    }
    const bid = await this.commandBus.execute<PlaceBidCommand, AcceptedBid>(
      new PlaceBidCommand(bidder, lotId, body, parseIdempotencyKey(rawKey)),
    );
    return {
      bidId: bid.bidId,
      status: 'ACCEPTED',
      amount: bid.amount,
      minimumNextBid: bid.minimumNextBid,
      endsAt: bid.endsAt,
    };
  }
}
