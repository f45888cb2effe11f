import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { PageQueryDto } from '@app/common';
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
import { pageQuery, readOwnWallet, walletPath } from './own-wallet';

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
  @ApiOkResponse({
    description:
      '`{userId, currency, balance, held, onChain, chain, spendable, proceeds}`: integer minor units of ' +
      "`currency` (the platform has one, GET /config); `proceeds` are a seller's sales paid out of " +
      'escrow, net of the platform fee',
  })
  async get(@CurrentUser() user: AuthUser): Promise<unknown> {
    return readOwnWallet(this.upstream, user);
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
    return readOwnWallet(this.upstream, user, '/addresses');
  }

  @Get('ledger')
  @ApiOkResponse({
    description:
      'Your statement, newest first: `{currency, items: [{entryId, kind, account, amount, reference, ' +
      'details, at}]}`. `account` is available, held or proceeds; `amount` is signed minor units. Kinds: ' +
      'top_up, chain_deposit (from your deposit address), hold_placed, hold_released, hold_captured (into escrow), escrow_paid_out (a sale, net ' +
      'of the fee), escrow_payout_reversed, escrow_refunded, opening',
  })
  async ledger(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto): Promise<unknown> {
    return readOwnWallet(this.upstream, user, '/ledger', pageQuery(page));
  }

  @Get('deposit-address')
  @ApiOkResponse({
    description:
      'Your deposit address, allocated on the first call and the same ever after: ' +
      '`{address, chainId, confirmations, weiPerMinorUnit, currency, createdAt}`. Ether sent to it on ' +
      '`chainId` is credited once its block has `confirmations` confirmations, at ' +
      '⌊wei / weiPerMinorUnit⌋ minor units of `currency` (weiPerMinorUnit is a decimal string); less than ' +
      'one minor unit is recorded, not credited. 503 WALLET.DEPOSITS_DISABLED when the platform has no ' +
      'chain key, WALLET.DEPOSITS_NOT_WATCHED (with Retry-After) before the watcher has started',
  })
  async depositAddress(@CurrentUser() user: AuthUser): Promise<unknown> {
    return readOwnWallet(this.upstream, user, '/deposit-address');
  }

  @Get('chain-deposits')
  @ApiOkResponse({
    description:
      'Deposits from the chain to your deposit address, newest first: `{currency, items: [{depositId, ' +
      'chainId, txHash, blockNumber, from, to, valueWei, weiPerMinorUnit, amount, remainderWei, entryId, ' +
      'at}]}`. `amount` is the minor units credited (0 and entryId null: below one minor unit, not ' +
      'credited); wei and the rate are decimal strings. Top-ups (POST /wallet/deposits) are in GET /wallet/ledger',
  })
  async chainDeposits(@CurrentUser() user: AuthUser, @Query() page: PageQueryDto): Promise<unknown> {
    return readOwnWallet(this.upstream, user, '/chain-deposits', pageQuery(page));
  }

  @Get('holds')
  @ApiOkResponse({ description: 'Active holds on the wallet' })
  async holds(@CurrentUser() user: AuthUser): Promise<unknown> {
    return readOwnWallet(this.upstream, user, '/holds');
  }
}
