import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiUnprocessableEntityResponse,
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { OrderView } from '@app/contracts';
import { CurrentUser } from '../../../auth/api/current-user.decorator';
import { Roles } from '../../../auth/api/roles.decorator';
import type { AuthUser } from '../../../auth/domain/user';
import { ErrorBodyDto } from '../../../shared/error-body.dto';
import { parseIdempotencyKey } from '../../../shared/idempotency-key';
import { PlaceOrderCommand, PlaceOrderOutcome } from './place-order.command';
import { PendingOrderDto, PlaceOrderRequestDto } from './place-order.request.dto';

@ApiTags('orders')
@Controller('orders')
export class PlaceOrderHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('buyer')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key places the same order',
  })
  @ApiCreatedResponse({
    description: 'The order settled in time: COMPLETED, or CANCELLED with reason and code',
  })
  @ApiAcceptedResponse({ type: PendingOrderDto, description: 'Still running; poll the Location' })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorBodyDto,
    description: 'ORDER.SELLER_MISMATCH: sellerId is not the seller of the item (sku)',
  })
  async place(
    @CurrentUser() buyer: AuthUser,
    @Body() body: PlaceOrderRequestDto,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView | PendingOrderDto> {
    const key = parseIdempotencyKey(rawKey);
    const outcome = await this.commandBus.execute<PlaceOrderCommand, PlaceOrderOutcome>(
      new PlaceOrderCommand(buyer, body, key),
    );
    if (outcome.settled) return outcome.order;
    const self = `/orders/${outcome.orderId}`;
    res.status(202).location(self);
    return { orderId: outcome.orderId, status: 'PENDING', links: { self } };
  }
}
