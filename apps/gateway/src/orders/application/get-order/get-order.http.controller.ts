import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { WaitQueryDto } from '@app/common';
import type { OrderView } from '@app/contracts';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../auth/api/current-user.decorator';
import { Authenticated } from '../../../auth/api/roles.decorator';
import type { AuthUser } from '../../../auth/domain/user';
import { ErrorBodyDto } from '../../../shared/error-body.dto';
import { GetOrderQuery } from './get-order.query';

@ApiTags('orders')
@Controller('orders')
export class GetOrderHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':orderId')
  @Authenticated()
  @ApiOkResponse({
    description:
      'The order with its status (PENDING…, COMPLETED, CANCELLED with reason and code) and its terms: ' +
      "feeBps, the platform's fee in basis points of amount fixed when the order started, then fee and " +
      "payout (the seller's proceeds, amount − fee, in minor units) once the seller is paid; " +
      '`?waitMs=` long-polls until it settles',
  })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'ORDER.NOT_FOUND (also for orders of other buyers)',
  })
  get(
    @CurrentUser() caller: AuthUser,
    @Param('orderId') orderId: string,
    @Query() { waitMs }: WaitQueryDto,
  ): Promise<OrderView> {
    return this.queryBus.execute<GetOrderQuery, OrderView>(new GetOrderQuery(caller, orderId, waitMs));
  }
}
