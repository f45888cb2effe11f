import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PageQueryDto } from '@app/common';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Authenticated } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { parseIdempotencyKey } from '../shared/idempotency-key';
import { UpstreamClient } from '../upstream/upstream.client';
import { pageQuery, readOwnWallet } from './own-wallet';
import { RequestWithdrawal } from './request-withdrawal';
import { WithdrawRequestDto } from './withdraw.request.dto';

/** The caller's withdrawals to their linked address (the user always comes from the token). */
@ApiTags('wallet')
@Controller('wallet/withdrawals')
@Authenticated()
export class WithdrawalsHttpController {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly requestWithdrawal: RequestWithdrawal,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key withdraws once',
  })
  @ApiAcceptedResponse({
    description:
      '`{withdrawalId, sagaId, status}` (200 for a keyed retry). 409 WALLET.NO_LINKED_ADDRESS, 422 ' +
      'WALLET.ADDRESS_NOT_LINKED, 402 WALLET.INSUFFICIENT_FUNDS (`details.withdrawable`), 400 REQUEST.INVALID',
  })
  async withdraw(
    @CurrentUser() user: AuthUser,
    @Body() body: WithdrawRequestDto,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ withdrawalId: string; sagaId: string; status: string }> {
    const started = await this.requestWithdrawal.execute(
      user,
      { amount: body.amount, source: body.source ?? 'available', toAddress: body.toAddress },
      parseIdempotencyKey(rawKey),
    );
    if (started.replay) res.status(200);
    return { withdrawalId: started.withdrawalId, sagaId: started.sagaId, status: started.status };
  }

  @Get()
  @ApiOkResponse({
    description:
      'Your withdrawals, newest first: `{items: [{withdrawalId, amount, currency, source, toAddress, status ' +
      '(PENDING|SENT|CONFIRMED|SETTLED|FAILED), txHash, code, reason, createdAt, updatedAt}], total, limit, offset}`',
  })
  async list(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto): Promise<unknown> {
    return readOwnWallet(this.upstream, user, '/withdrawals', pageQuery(page));
  }

  @Get(':id')
  @ApiOkResponse({ description: 'One of your withdrawals, as the list shows it; 404 WITHDRAWAL.NOT_FOUND' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
  ): Promise<unknown> {
    try {
      return await readOwnWallet(this.upstream, user, `/withdrawals/${id}`);
    } catch (e) {
      if (!(e instanceof HttpException) || e.getStatus() !== 404) throw e;
      // Just requested: the wallet has not held it yet, the orchestrator's saga tells its state.
      const saga = await this.upstream
        .call<{ userId: string }>('orchestrator', {
          method: 'GET',
          path: `/withdrawals/${id}`,
          caller: callerOf(user),
        })
        .catch(() => undefined);
      if (saga?.body.userId !== user.userId) throw e;
      return saga.body;
    }
  }
}
