import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { assertMayManage } from '../../api/actor';
import { canSetOnHand, ItemView } from '../../domain/stock';
import { StockErrors } from '../../domain/stock.errors';
import { ITEM_COLUMNS, ItemRow, toItemView } from '../../infrastructure/item.rows';
import { AdjustStockCommand } from './adjust-stock.command';

/** Sets an item's on-hand count; it may never drop below what active reservations hold. */
@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand, ItemView> {
  constructor(private readonly dataSource: DataSource) {}

  execute(command: AdjustStockCommand): Promise<ItemView> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders this against concurrent reservations of the same sku.
      const rows: ItemRow[] = await manager.query(
        `SELECT ${ITEM_COLUMNS} FROM items WHERE sku = $1 FOR UPDATE`,
        [command.sku],
      );
      if (rows.length === 0) throw StockErrors.notFound(command.sku);
      const before = toItemView(rows[0]);
      assertMayManage(command.actor, before.sellerId, before.sku);
      if (!canSetOnHand(before, command.onHand)) throw StockErrors.belowReserved(before.sku, before.reserved);
      if (command.onHand === before.onHand) return before;
      const [updated] = (await manager.query(
        `UPDATE items SET on_hand = $2, updated_at = now() WHERE sku = $1 RETURNING ${ITEM_COLUMNS}`,
        [command.sku, command.onHand],
      )) as [ItemRow[], number];
      return toItemView(updated[0]);
    });
  }
}
