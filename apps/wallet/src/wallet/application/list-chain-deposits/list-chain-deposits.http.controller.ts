import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PageQueryDto } from '@app/common';
import { UserIdParam } from '../../api/user-id.param';
import { ChainDeposits, ListChainDepositsQuery } from './list-chain-deposits.query';

@Controller('wallets')
export class ListChainDepositsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** GET /wallets/:userId/chain-deposits?limit=&offset=: deposits from the chain, newest first. */
  @Get(':userId/chain-deposits')
  list(@Param() params: UserIdParam, @Query() query: PageQueryDto): Promise<ChainDeposits> {
    return this.queryBus.execute<ListChainDepositsQuery, ChainDeposits>(
      new ListChainDepositsQuery(params.userId, query.limit ?? 50, query.offset ?? 0),
    );
  }
}
