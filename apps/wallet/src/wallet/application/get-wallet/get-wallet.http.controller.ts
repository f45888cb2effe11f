import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { UserIdParam } from '../../api/user-id.param';
import { GetWalletQuery, WalletView } from './get-wallet.query';

@Controller('wallets')
export class GetWalletHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':userId')
  get(@Param() params: UserIdParam): Promise<WalletView> {
    return this.queryBus.execute<GetWalletQuery, WalletView>(new GetWalletQuery(params.userId));
  }
}
