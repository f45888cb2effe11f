import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { UserIdParam } from '../../api/user-id.param';
import { LedgerLines, ListLedgerQuery } from './list-ledger.query';
import { ListLedgerRequestDto } from './list-ledger.request.dto';

@Controller('wallets')
export class ListLedgerHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** GET /wallets/:userId/ledger?limit=&offset=: the user's statement (available, held, proceeds). */
  @Get(':userId/ledger')
  list(@Param() params: UserIdParam, @Query() query: ListLedgerRequestDto): Promise<LedgerLines> {
    return this.queryBus.execute<ListLedgerQuery, LedgerLines>(
      new ListLedgerQuery(params.userId, query.limit ?? 50, query.offset ?? 0),
    );
  }
}
