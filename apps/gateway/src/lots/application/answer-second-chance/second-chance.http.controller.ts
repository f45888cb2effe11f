import { Body, Controller, HttpCode, HttpException, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../auth/api/current-user.decorator';
import { Authenticated } from '../../../auth/api/roles.decorator';
import type { AuthUser } from '../../../auth/domain/user';
import { callerOf } from '../../../shared/caller';
import { httpError } from '../../../shared/http-error';
import { requireJsonObject, requireSegment } from '../../../shared/raw-body';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { LOT_ID } from '../../domain/lot-id';
import { fundsShortfall, offerAmountFor } from '../../domain/second-chance';
import { LotServiceClient } from '../../infrastructure/lot-service.client';

const acceptSchema = {
  type: 'object',
  properties: {
    address: {
      type: 'object',
      description: 'Where the item goes; default: the address given with your latest bid on the lot',
      properties: {
        name: { type: 'string' },
        line1: { type: 'string' },
        city: { type: 'string' },
        postcode: { type: 'string' },
        country: { type: 'string', description: 'ISO 3166-1 alpha-2' },
      },
    },
  },
};

const ANSWERS =
  '403 LOT.SECOND_CHANCE_NOT_YOURS (offered to another bidder); 404 LOT.SECOND_CHANCE_NOT_FOUND; ' +
  '409 LOT.SECOND_CHANCE_EXPIRED / LOT.SECOND_CHANCE_ANSWERED (`details.status`)';

/**
 * The runner-up's answer to a second-chance offer (a lot whose winner's order failed, offered to them at
 * their last bid until `secondChance.expiresAt`). The lot service decides; the gateway names the caller.
 */
@ApiTags('lots')
@Controller('lots')
@Authenticated()
export class SecondChanceHttpController {
  constructor(
    private readonly lots: LotServiceClient,
    private readonly upstream: UpstreamClient,
  ) {}

  @Post(':id/second-chance/accept')
  @HttpCode(200)
  @ApiBody({ schema: acceptSchema, required: false })
  @ApiOkResponse({
    description:
      'The lot, `secondChance.status` ACCEPTED: your order starts (a hold of the amount first; follow it at ' +
      `GET /lots/:id/order). 402 WALLET.INSUFFICIENT_FUNDS \`details {required, spendable}\` when your funds no longer cover the bid (the offer stays open until it expires); ${ANSWERS}; 422 LOT.ADDRESS_REQUIRED`,
  })
  async accept(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() raw: unknown,
  ): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    const body = requireJsonObject(raw);
    await this.requireFunds(user, lotId);
    return (
      await this.lots.call({
        method: 'POST',
        path: `/lots/${lotId}/second-chance/accept`,
        lotId,
        json: body,
        caller: callerOf(user),
      })
    ).body;
  }

  @Post(':id/second-chance/decline')
  @HttpCode(200)
  @ApiOkResponse({
    description: `The lot, \`secondChance.status\` DECLINED, then relisted or closed unsold as the seller chose; ${ANSWERS}`,
  })
  async decline(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<unknown> {
    const lotId = requireSegment(id, 'lot id', LOT_ID);
    return (
      await this.lots.call({
        method: 'POST',
        path: `/lots/${lotId}/second-chance/decline`,
        lotId,
        json: {},
        caller: callerOf(user),
      })
    ).body;
  }

  /** 402 before anything changes when the caller is the runner-up and their spendable funds fall short. */
  private async requireFunds(user: AuthUser, lotId: string): Promise<void> {
    const lot = (await this.lots.call({ method: 'GET', path: `/lots/${lotId}`, lotId })).body;
    const required = offerAmountFor(lot, user.userId);
    if (required === undefined) return;
    const short = fundsShortfall(required, await this.spendable(user));
    if (short)
      throw httpError(
        402,
        'WALLET.INSUFFICIENT_FUNDS',
        `Your spendable funds no longer cover your bid of ${required}: top up and accept before the offer expires`,
        short,
      );
  }

  private async spendable(user: AuthUser): Promise<number> {
    try {
      const answer = await this.upstream.call<{ spendable?: unknown }>('wallet', {
        method: 'GET',
        path: `/wallets/${encodeURIComponent(user.userId)}`,
        caller: callerOf(user),
      });
      const spendable = Number(answer.body?.spendable);
      return Number.isFinite(spendable) ? spendable : 0;
    } catch (e) {
      // No wallet yet is no funds.
      if (e instanceof HttpException && e.getStatus() === 404) return 0;
      throw e;
    }
  }
}
