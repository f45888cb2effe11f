import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { assertMayManage } from '../../api/actor';
import { ItemView } from '../../domain/stock';
import { StockErrors } from '../../domain/stock.errors';
import { ITEM_COLUMNS, ItemRow, toItemView } from '../../infrastructure/item.rows';
import { CreateItemCommand } from './create-item.command';

/** Registers a seller's item with its initial stock. */
@CommandHandler(CreateItemCommand)
export class CreateItemHandler implements ICommandHandler<CreateItemCommand, ItemView> {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: CreateItemCommand): Promise<ItemView> {
    assertMayManage(command.actor, command.sellerId, command.sku);
    return this.dataSource
      .query(
        `INSERT INTO items (sku, title, seller_id, on_hand, reserved) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (sku) DO NOTHING RETURNING ${ITEM_COLUMNS}`,
        [command.sku, command.title, command.sellerId, command.onHand],
      )
      .then((rows: ItemRow[]) => {
        if (rows.length === 0) throw StockErrors.skuExists(command.sku);
        return toItemView(rows[0]);
      });
  }
}
