import { Controller, Get, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { UserIdParam } from '../../api/user-id.param';
import { DepositAddressView, GetDepositAddressCommand } from './get-deposit-address.command';

@Controller('wallets')
export class GetDepositAddressHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * GET /wallets/:userId/deposit-address: the user's deposit address (allocated on the first call; the
   * same one ever after). 404 WALLET.NOT_FOUND, 503 WALLET.DEPOSITS_DISABLED (no platform key) or
   * WALLET.DEPOSITS_NOT_WATCHED (the watcher has not started on the chain yet).
   */
  @Get(':userId/deposit-address')
  get(@Param() params: UserIdParam): Promise<DepositAddressView> {
    return this.commandBus.execute<GetDepositAddressCommand, DepositAddressView>(
      new GetDepositAddressCommand(params.userId),
    );
  }
}
