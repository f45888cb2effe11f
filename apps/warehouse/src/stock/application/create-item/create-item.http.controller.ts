import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, CurrentActor } from '../../api/actor';
import { ItemView } from '../../domain/stock';
import { CreateItemCommand } from './create-item.command';
import { CreateItemRequestDto } from './create-item.request.dto';

@Controller('items')
export class CreateItemHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 201 with the item; 409 WAREHOUSE.SKU_EXISTS when the sku is taken. */
  @Post()
  create(@Body() body: CreateItemRequestDto, @CurrentActor() actor: Actor): Promise<ItemView> {
    return this.commandBus.execute<CreateItemCommand, ItemView>(
      new CreateItemCommand(body.sku, body.title, body.sellerId, body.onHand, actor),
    );
  }
}
