import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { UserIdParam } from '../../api/user-id.param';
import { ListHoldsRequestDto } from './list-holds.request.dto';
import { HoldList, ListHoldsQuery } from './list-holds.query';

@Controller('wallets')
export class ListHoldsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** GET /wallets/:userId/holds?status=ACTIVE|RELEASED|CAPTURED&limit= */
  @Get(':userId/holds')
  list(@Param() params: UserIdParam, @Query() query: ListHoldsRequestDto): Promise<HoldList> {
    return this.queryBus.execute<ListHoldsQuery, HoldList>(
      new ListHoldsQuery(params.userId, query.status, query.limit),
    );
  }
}
