import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { UserIdParam } from '../../api/user-id.param';
import { LinkAddressCommand, LinkAddressResult, LinkedAddressView } from './link-address.command';
import { LinkAddressRequestDto } from './link-address.request.dto';

@Controller('wallets')
export class LinkAddressHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * POST /wallets/:userId/addresses {address, signature, nonce?} → 201 {address, verifiedAt} (200 when
   * already linked to this user); 400 WALLET.BAD_SIGNATURE | WALLET.CHALLENGE_EXPIRED; 409 WALLET.ADDRESS_TAKEN.
   */
  @Post(':userId/addresses')
  @HttpCode(201)
  async link(
    @Param() params: UserIdParam,
    @Body() body: LinkAddressRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LinkedAddressView> {
    const result = await this.commandBus.execute<LinkAddressCommand, LinkAddressResult>(
      new LinkAddressCommand(params.userId, body.address, body.signature, body.nonce),
    );
    if (!result.created) res.status(200);
    return { address: result.address, verifiedAt: result.verifiedAt };
  }
}
