import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { UserIdParam } from '../../api/user-id.param';
import { AddressList, ListAddressesQuery } from './list-addresses.query';

@Controller('wallets')
export class ListAddressesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** GET /wallets/:userId/addresses → {items: [{address, verifiedAt}]} */
  @Get(':userId/addresses')
  list(@Param() params: UserIdParam): Promise<AddressList> {
    return this.queryBus.execute<ListAddressesQuery, AddressList>(new ListAddressesQuery(params.userId));
  }
}
