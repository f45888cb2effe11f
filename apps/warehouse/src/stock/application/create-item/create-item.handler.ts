import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ItemCreated, WarehouseEventsTopic } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { assertMayManage } from '../../api/actor';
import { ItemView } from '../../domain/stock';
import { StockErrors } from '../../domain/stock.errors';
import { ITEM_COLUMNS, ItemRow, toItemView } from '../../infrastructure/item.rows';
import { CreateItemCommand } from './create-item.command';

/** Registers a seller's item with its initial stock and publishes ItemCreated, in one transaction. */
@CommandHandler(CreateItemCommand)
export class CreateItemHandler implements ICommandHandler<CreateItemCommand, ItemView> {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: CreateItemCommand): Promise<ItemView> {
    assertMayManage(command.actor, command.sellerId, command.sku);
    return this.dataSource.transaction(async (manager) => {
      const rows: ItemRow[] = await manager.query(
        `INSERT INTO items (sku, title, seller_id, on_hand, reserved) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (sku) DO NOTHING RETURNING ${ITEM_COLUMNS}`,
        [command.sku, command.title, command.sellerId, command.onHand],
      );
      if (rows.length === 0) throw StockErrors.skuExists(command.sku);
      const item = toItemView(rows[0]);
      const event: ItemCreated = {
        type: 'ItemCreated',
        data: { sku: item.sku, title: item.title, sellerId: item.sellerId, onHand: item.onHand },
      };
      await appendToOutbox(manager, [{ topic: WarehouseEventsTopic, key: item.sku, ...event }]);
      return item;
    });
  }
}
