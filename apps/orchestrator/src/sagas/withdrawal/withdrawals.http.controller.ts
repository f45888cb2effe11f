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
import { DataSource } from 'typeorm';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { DomainError, WaitQueryDto } from '@app/common';
import { WITHDRAWAL_SOURCES, WithdrawalSource, WithdrawalView } from '@app/contracts';
import { SagaErrors } from '../domain/saga.errors';
import { SagaChangeFeed } from '../infrastructure/saga-change-feed';
import { isUniqueViolation } from '../infrastructure/saga-event.store';
import { SagaProjection } from '../infrastructure/saga-projection.repository';
import { SagaRunner } from '../infrastructure/saga.runner';
import { MAX_ORDER_AMOUNT_MINOR } from '../order/place-order.request.dto';
import { WITHDRAWAL_SAGA, WithdrawalData } from './withdrawal.saga';
import { toWithdrawalView } from './withdrawal.view';

export class StartWithdrawalRequestDto {
  @IsUUID('all', { message: 'withdrawalId must be a UUID' })
  withdrawalId: string;

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'userId must be 1-64 characters of letters, digits, _ or -' })
  userId: string;

  @IsInt({ message: 'amount must be an integer number of minor units' })
  @Min(1, { message: 'amount must be positive' })
  @Max(MAX_ORDER_AMOUNT_MINOR, { message: `amount must be at most ${MAX_ORDER_AMOUNT_MINOR}` })
  amount: number;

  @IsOptional()
  @IsIn(WITHDRAWAL_SOURCES, { message: `source must be one of ${WITHDRAWAL_SOURCES.join(', ')}` })
  source?: WithdrawalSource;

  @Matches(/^0x[0-9a-fA-F]{40}$/, { message: 'toAddress must be a 0x-prefixed 20-byte hex address' })
  toAddress: string;
}

const MAX_ATTEMPTS = 3;

/**
 * POST /withdrawals starts a Withdrawal saga whose id is the withdrawalId (202; 200 for the same
 * withdrawal again; 409 WITHDRAWAL.ALREADY_EXISTS for the same id with other data). The gateway checked
 * the address and the funds; the wallet's hold step decides. GET /withdrawals/:id?waitMs= answers as
 * soon as it is SETTLED or FAILED, or after waitMs with its current state.
 */
@Controller('withdrawals')
export class WithdrawalsHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
    private readonly projection: SagaProjection,
    private readonly changes: SagaChangeFeed,
  ) {}

  @Post()
  @HttpCode(202)
  async start(
    @Body() body: StartWithdrawalRequestDto,
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
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.dataSource.transaction((manager) =>
          this.runner.startOnce(manager, {
            sagaId: data.withdrawalId,
            sagaType: WITHDRAWAL_SAGA,
            data,
            correlationId: correlationId || data.withdrawalId,
            now: Date.now(),
            actor: 'http',
          }),
        );
        switch (outcome.kind) {
          case 'existing':
            if (!outcome.same) {
              throw new DomainError(
                'WITHDRAWAL.ALREADY_EXISTS',
                `Withdrawal ${data.withdrawalId} was already requested with different data`,
                'conflict',
              );
            }
            res.status(200);
            return { sagaId: data.withdrawalId, status: outcome.state.status };
          case 'refused':
            throw SagaErrors.refused(outcome.code, outcome.reason);
          case 'started':
            return { sagaId: data.withdrawalId, status: outcome.state.status };
        }
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  @Get(':id')
  get(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Query() { waitMs }: WaitQueryDto,
  ): Promise<WithdrawalView> {
    return this.changes.awaitSettled(
      id,
      waitMs,
      () => this.read(id),
      (view) => view.status === 'SETTLED' || view.status === 'FAILED',
    );
  }

  private async read(id: string): Promise<WithdrawalView> {
    const row = await this.projection.find(this.dataSource.manager, id);
    if (!row || row.type !== WITHDRAWAL_SAGA) {
      throw new DomainError('WITHDRAWAL.NOT_FOUND', `No withdrawal ${id}`, 'not_found');
    }
    return toWithdrawalView({ ...row, data: row.data as WithdrawalData });
  }
}
