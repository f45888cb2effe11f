import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { UserIdParam } from '../../api/user-id.param';
import { LinkChallengeView, RequestLinkChallengeCommand } from './request-link-challenge.command';

@Controller('wallets')
export class RequestLinkChallengeHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /** POST /wallets/:userId/addresses/challenge → 201 {nonce, message, expiresAt}; 404 WALLET.NOT_FOUND. */
  @Post(':userId/addresses/challenge')
  @HttpCode(201)
  challenge(@Param() params: UserIdParam): Promise<LinkChallengeView> {
    return this.commandBus.execute<RequestLinkChallengeCommand, LinkChallengeView>(
      new RequestLinkChallengeCommand(params.userId),
    );
  }
}
