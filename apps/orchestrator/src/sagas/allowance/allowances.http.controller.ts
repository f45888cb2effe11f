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
import { IsBoolean, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { DomainError, WaitQueryDto } from '@app/common';
import { SagaErrors } from '../domain/saga.errors';
import { SagaChangeFeed } from '../infrastructure/saga-change-feed';
import { isUniqueViolation } from '../infrastructure/saga-event.store';
import { SagaProjection } from '../infrastructure/saga-projection.repository';
import { SagaRunner } from '../infrastructure/saga.runner';
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

const MAX_ATTEMPTS = 3;

/**
 * POST /allowances starts a BidAllowance saga whose id is the allowanceId (202; 200 for the same raise
 * again; 409 ALLOWANCE.ALREADY_EXISTS for the same id with other data). GET /allowances/:id?waitMs=
 * answers as soon as it is GRANTED or REFUSED, or after waitMs with PENDING.
 */
@Controller('allowances')
export class AllowancesHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: SagaRunner,
    private readonly projection: SagaProjection,
    private readonly changes: SagaChangeFeed,
  ) {}

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
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.dataSource.transaction((manager) =>
          this.runner.startOnce(manager, {
            sagaId: data.allowanceId,
            sagaType: BID_ALLOWANCE_SAGA,
            data,
            correlationId: correlationId || data.allowanceId,
            now: Date.now(),
            actor: 'http',
          }),
        );
        switch (outcome.kind) {
          case 'existing':
            if (!outcome.same) {
              throw new DomainError(
                'ALLOWANCE.ALREADY_EXISTS',
                `Allowance ${data.allowanceId} was already raised with different data`,
                'conflict',
              );
            }
            res.status(200);
            return { sagaId: data.allowanceId, status: outcome.state.status };
          case 'refused':
            throw SagaErrors.refused(outcome.code, outcome.reason);
          case 'started':
            return { sagaId: data.allowanceId, status: outcome.state.status };
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
  ): Promise<AllowanceView> {
    return this.changes.awaitSettled(
      id,
      waitMs,
      () => this.read(id),
      (view) => view.status !== 'PENDING',
    );
  }

  private async read(id: string): Promise<AllowanceView> {
    const row = await this.projection.find(this.dataSource.manager, id);
    if (!row || row.type !== BID_ALLOWANCE_SAGA) {
      throw new DomainError('ALLOWANCE.NOT_FOUND', `No allowance ${id}`, 'not_found');
    }
    return toAllowanceView(row.status, row.data as AllowanceData, row.failure);
  }
}
