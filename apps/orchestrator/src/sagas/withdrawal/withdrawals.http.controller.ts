import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, WaitQueryDto } from '@app/common';
import type { WithdrawalView } from '@app/contracts';
import { startResponse } from '../api/start.response';
import { UuidIdParam } from '../api/uuid-id.param';
import { httpStart, SagaRequests, SagaViewSpec } from '../infrastructure/saga-requests';
import { RequestWithdrawalRequestDto } from './request-withdrawal.request.dto';
import { WITHDRAWAL_SAGA, WithdrawalData } from './withdrawal.saga';
import { toWithdrawalView } from './withdrawal.view';

const withdrawalConflict = (id: string): DomainError =>
  new DomainError(
    'WITHDRAWAL.ALREADY_EXISTS',
    `Withdrawal ${id} was already requested with different data`,
    'conflict',
  );

const WITHDRAWAL_VIEW: SagaViewSpec<WithdrawalView> = {
  types: [WITHDRAWAL_SAGA],
  notFound: (id) => new DomainError('WITHDRAWAL.NOT_FOUND', `No withdrawal ${id}`, 'not_found'),
  toView: (row) => toWithdrawalView({ ...row, data: row.data as WithdrawalData }),
  settled: (view) => view.status === 'SETTLED' || view.status === 'FAILED',
};

/**
 * POST /withdrawals starts a Withdrawal saga whose id is the withdrawalId (202; 200 for the same
 * withdrawal again; 409 WITHDRAWAL.ALREADY_EXISTS for the same id with other data). The gateway checked
 * the address and the funds; the wallet's hold step decides. GET /withdrawals/:id?waitMs= answers as
 * soon as it is SETTLED or FAILED, or after waitMs with its current state.
 */
@Controller('withdrawals')
export class WithdrawalsHttpController {
  constructor(private readonly requests: SagaRequests) {}

  @Post()
  @HttpCode(202)
  async request(
    @Body() body: RequestWithdrawalRequestDto,
    @Headers('x-correlation-id') correlationId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ sagaId: string; status: string }> {
    const data: WithdrawalData = {
      withdrawalId: body.withdrawalId,
      userId: body.userId,
      amount: String(body.amount),
      source: body.source ?? 'available',
      toAddress: body.toAddress.toLowerCase(),
    };
    const start = httpStart(WITHDRAWAL_SAGA, data.withdrawalId, data, correlationId || data.withdrawalId);
    return startResponse(res, await this.requests.startOnce(start, withdrawalConflict));
  }

  @Get(':id')
  get(@UuidIdParam() id: string, @Query() { waitMs }: WaitQueryDto): Promise<WithdrawalView> {
    return this.requests.read(id, waitMs, WITHDRAWAL_VIEW);
  }
}
