import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { QueryBus } from '@nestjs/cqrs';
import { PageQueryDto } from '@app/common';
import type { WithdrawalView } from '@app/contracts';
import { UserIdParam } from '../../api/user-id.param';
import { GetWithdrawalQuery, ListWithdrawalsQuery, WithdrawalList } from './list-withdrawals.query';

/** Both path parameters of one withdrawal (a DTO for `@Param()` must name every parameter of the route). */
class WithdrawalParams extends UserIdParam {
  @IsUUID('all', { message: 'withdrawalId must be a UUID' })
  withdrawalId: string;
}

@Controller('wallets')
export class ListWithdrawalsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** GET /wallets/:userId/withdrawals?limit=&offset=: newest first (1-200, default 50). */
  @Get(':userId/withdrawals')
  list(@Param() params: UserIdParam, @Query() page: PageQueryDto): Promise<WithdrawalList> {
    return this.queryBus.execute<ListWithdrawalsQuery, WithdrawalList>(
      new ListWithdrawalsQuery(params.userId, page.limit ?? 50, page.offset ?? 0),
    );
  }

  @Get(':userId/withdrawals/:withdrawalId')
  get(@Param() params: WithdrawalParams): Promise<WithdrawalView> {
    return this.queryBus.execute<GetWithdrawalQuery, WithdrawalView>(
      new GetWithdrawalQuery(params.userId, params.withdrawalId),
    );
  }
}
