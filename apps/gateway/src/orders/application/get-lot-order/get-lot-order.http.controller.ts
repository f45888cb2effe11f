import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { OrderView } from '@app/contracts';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../auth/api/current-user.decorator';
import { Authenticated } from '../../../auth/api/roles.decorator';
import type { AuthUser } from '../../../auth/domain/user';
import { ErrorBodyDto } from '../../../shared/error-body.dto';
import type { SaleOrderView } from '../../domain/order';
import { GetLotOrderQuery } from './get-lot-order.query';

@ApiTags('orders')
@Controller('lots')
export class GetLotOrderHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/order')
  @Authenticated()
  @ApiOkResponse({
    description:
      "The winner's order of a sold lot, as GET /orders/:id (status, sagaStatus, step, reason, code, " +
      "bookingId, feeBps, fee, payout, ...); its seller sees it without the buyer's address and payment",
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'REQUEST.INVALID (lot id)' })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'ORDER.NOT_FOUND: the lot has no order (yet), or it is neither yours nor sold by you',
  })
  get(@CurrentUser() caller: AuthUser, @Param('id') lotId: string): Promise<OrderView | SaleOrderView> {
    return this.queryBus.execute<GetLotOrderQuery, OrderView | SaleOrderView>(
      new GetLotOrderQuery(caller, lotId),
    );
  }
}
