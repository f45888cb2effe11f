import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, CurrentActor } from '../../api/actor';
import { SkuParam } from '../../api/sku.param';
import { ItemView } from '../../domain/stock';
import { AdjustStockCommand } from './adjust-stock.command';
import { AdjustStockRequestDto } from './adjust-stock.request.dto';

@Controller('items')
export class AdjustStockHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 200 with the item; 409 WAREHOUSE.BELOW_RESERVED, 404 WAREHOUSE.ITEM_NOT_FOUND. */
  @Put(':sku/stock')
  adjust(
    @Param() params: SkuParam,
    @Body() body: AdjustStockRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<ItemView> {
    return this.commandBus.execute<AdjustStockCommand, ItemView>(
      new AdjustStockCommand(params.sku, body.onHand, actor),
    );
  }
}
