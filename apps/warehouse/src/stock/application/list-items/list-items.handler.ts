import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ITEM_COLUMNS, ItemRow, toItemView } from '../../infrastructure/item.rows';
import { ItemPage, ListItemsQuery } from './list-items.query';

@QueryHandler(ListItemsQuery)
export class ListItemsHandler implements IQueryHandler<ListItemsQuery, ItemPage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ sellerId, limit, offset }: ListItemsQuery): Promise<ItemPage> {
    const where = sellerId === undefined ? '' : 'WHERE seller_id = $3';
    const params: unknown[] = sellerId === undefined ? [limit, offset] : [limit, offset, sellerId];
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT ${ITEM_COLUMNS} FROM items ${where} ORDER BY sku LIMIT $1 OFFSET $2`,
        params,
      ) as Promise<ItemRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS n FROM items ${sellerId === undefined ? '' : 'WHERE seller_id = $1'}`,
        sellerId === undefined ? [] : [sellerId],
      ) as Promise<{ n: number }[]>,
    ]);
    return { items: rows.map(toItemView), total: count[0].n };
  }
}
