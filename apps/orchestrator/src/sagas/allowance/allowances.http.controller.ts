import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, WaitQueryDto } from '@app/common';
import { startResponse } from '../api/start.response';
import { UuidIdParam } from '../api/uuid-id.param';
import { httpStart, SagaRequests, SagaViewSpec } from '../infrastructure/saga-requests';
import { RaiseAllowanceRequestDto } from './raise-allowance.request.dto';
import { AllowanceData, BID_ALLOWANCE_SAGA } from './allowance.saga';
import { AllowanceView, toAllowanceView } from './allowance.view';

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
    const start = httpStart(BID_ALLOWANCE_SAGA, data.allowanceId, data, correlationId || data.allowanceId);
    return startResponse(res, await this.requests.startOnce(start, allowanceConflict));
  }

  @Get(':id')
  get(@UuidIdParam() id: string, @Query() { waitMs }: WaitQueryDto): Promise<AllowanceView> {
    return this.requests.read(id, waitMs, ALLOWANCE_VIEW);
  }
}
