import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../auth/api/current-user.decorator';
import { Authenticated } from '../auth/api/roles.decorator';
import type { AuthUser } from '../auth/domain/user';
import { callerOf } from '../shared/caller';
import { ErrorBodyDto } from '../shared/error-body.dto';
import { parseIdempotencyKey } from '../shared/idempotency-key';
import { UpstreamClient } from '../upstream/upstream.client';
import { DepositRequestDto } from './deposit.request.dto';
import { LinkAddressRequestDto } from './link-address.request.dto';

/** The caller's own wallet (the user id always comes from the token, never from the request). */
@ApiTags('wallet')
@Controller('wallet')
@Authenticated()
@ApiServiceUnavailableResponse({
  type: ErrorBodyDto,
  description: 'UPSTREAM.UNAVAILABLE (504 UPSTREAM.TIMEOUT)',
})
export class WalletHttpController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiOkResponse({ description: 'Balance, held and spendable amounts in minor units' })
  async get(@CurrentUser() user: AuthUser): Promise<unknown> {
    return (
      await this.upstream.call('wallet', { method: 'GET', path: walletPath(user), caller: callerOf(user) })
    ).body;
  }

  @Post('deposits')
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key credits once',
  })
  @ApiCreatedResponse({
    description: 'The deposit (200 when an Idempotency-Key replay returns the first one)',
  })
  async deposit(
    @CurrentUser() user: AuthUser,
    @Body() body: DepositRequestDto,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const key = parseIdempotencyKey(rawKey);
    const answer = await this.upstream.call('wallet', {
      method: 'POST',
      path: `${walletPath(user)}/deposits`,
      body: { amount: body.amount },
      caller: callerOf(user),
      headers: { 'idempotency-key': key },
    });
    res.status(answer.status);
    return answer.body;
  }

  @Post('addresses/challenge')
  @HttpCode(201)
  @ApiCreatedResponse({
    description: 'A single-use message to sign with the address (EIP-191), valid 10 minutes',
  })
  async challenge(@CurrentUser() user: AuthUser): Promise<unknown> {
    return (
      await this.upstream.call('wallet', {
        method: 'POST',
        path: `${walletPath(user)}/addresses/challenge`,
        body: {},
        caller: callerOf(user),
      })
    ).body;
  }

  @Post('addresses')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The address is linked; its on-chain balance counts towards spendable' })
  async link(
    @CurrentUser() user: AuthUser,
    @Body() body: LinkAddressRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const answer = await this.upstream.call('wallet', {
      method: 'POST',
      path: `${walletPath(user)}/addresses`,
      body,
      caller: callerOf(user),
    });
    res.status(answer.status);
    return answer.body;
  }

  @Get('addresses')
  @ApiOkResponse({ description: 'Linked, verified addresses' })
  async addresses(@CurrentUser() user: AuthUser): Promise<unknown> {
    return (
      await this.upstream.call('wallet', {
        method: 'GET',
        path: `${walletPath(user)}/addresses`,
        caller: callerOf(user),
      })
    ).body;
  }

  @Get('holds')
  @ApiOkResponse({ description: 'Active holds on the wallet' })
  async holds(@CurrentUser() user: AuthUser): Promise<unknown> {
    return (
      await this.upstream.call('wallet', {
        method: 'GET',
        path: `${walletPath(user)}/holds`,
        caller: callerOf(user),
      })
    ).body;
  }
}

const walletPath = (user: AuthUser): string => `/wallets/${encodeURIComponent(user.userId)}`;
