import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { IsBoolean, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { DomainError, WaitQueryDto } from '@app/common';
import { startResponse } from '../api/start.response';
import { SagaRequests, SagaViewSpec } from '../infrastructure/saga-requests';
import { MAX_ORDER_AMOUNT_MINOR } from '../order/place-order.request.dto';
import { AllowanceData, BID_ALLOWANCE_SAGA } from './allowance.saga';
import { AllowanceView, toAllowanceView } from './allowance.view';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class RaiseAllowanceRequestDto {
  @IsUUID('all', { message: 'allowanceId must be a UUID' })
  allowanceId: string;

  @Matches(ID, { message: 'lotId must be 1-64 characters of letters, digits, _ or -' })
  lotId: string;

  @Matches(ID, { message: 'bidderId must be 1-64 characters of letters, digits, _ or -' })
  bidderId: string;

  /** The raise: integer minor units held on top of the bidder's allowance on the lot. */
  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  @Max(MAX_ORDER_AMOUNT_MINOR, { message: `amount must be at most ${MAX_ORDER_AMOUNT_MINOR}` })
  amount: number;

  @IsOptional()
  @IsBoolean({ message: 'keepWhenOutbid must be a boolean' })
  keepWhenOutbid?: boolean;
}

const allowanceConflict = (id: string): DomainError =>
  new DomainError(
    'ALLOWANCE.ALREADY_EXISTS',
    `Allowance ${id} was already raised with different data`,
    'conflict',
  );

const ALLOWANCE_VIEW: SagaViewSpec<AllowanceView> = {
  types: [BID_ALLOWANCE_SAGA],
  notFound: (id) => new DomainError('ALLOWANCE.NOT_FOUND', `No allowance ${id}`, 'not_found'),
  toView: (row) => toAllowanceView(row.status, row.data as AllowanceData, row.failure),
  settled: (view) => view.status !== 'PENDING',
};

/**
 * POST /allowances starts a BidAllowance saga whose id is the allowanceId (202; 200 for the same raise
 * again; 409 ALLOWANCE.ALREADY_EXISTS for the same id with other data). GET /allowances/:id?waitMs=
 * answers as soon as it is GRANTED or REFUSED, or after waitMs with PENDING.
 */
@Controller('allowances')
export class AllowancesHttpController {
  constructor(private readonly requests: SagaRequests) {}

  @Post()
  @HttpCode(202)
  async raise(
    @Body() body: RaiseAllowanceRequestDto,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ sagaId: string; status: string }> {
    const data: AllowanceData = {
      allowanceId: body.allowanceId,
      lotId: body.lotId,
      bidderId: body.bidderId,
      amount: String(body.amount),
      keepWhenOutbid: body.keepWhenOutbid ?? false,
    };
    const start = {
      sagaId: data.allowanceId,
      sagaType: BID_ALLOWANCE_SAGA,
      data,
      correlationId: correlationId || data.allowanceId,
      now: Date.now(),
      actor: 'http' as const,
    };
    return startResponse(res, await this.requests.startOnce(start, allowanceConflict));
  }

  @Get(':id')
  get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Query() { waitMs }: WaitQueryDto,
  ): Promise<AllowanceView> {
    return this.requests.read(id, waitMs, ALLOWANCE_VIEW);
  }
}
