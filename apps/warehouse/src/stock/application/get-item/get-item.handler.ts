import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ItemView } from '../../domain/stock';
import { StockErrors } from '../../domain/stock.errors';
import { ITEM_COLUMNS, ItemRow, toItemView } from '../../infrastructure/item.rows';
import { GetItemQuery } from './get-item.query';

@QueryHandler(GetItemQuery)
export class GetItemHandler implements IQueryHandler<GetItemQuery, ItemView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ sku }: GetItemQuery): Promise<ItemView> {
    const rows: ItemRow[] = await this.dataSource.query(`SELECT ${ITEM_COLUMNS} FROM items WHERE sku = $1`, [
      sku,
    ]);
    if (rows.length === 0) throw StockErrors.notFound(sku);
    return toItemView(rows[0]);
  }
}
