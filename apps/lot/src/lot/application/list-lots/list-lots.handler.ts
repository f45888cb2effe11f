import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { LOT_COLUMNS, LotRow, toLotView } from '../../infrastructure/lot.rows';
import { ListLotsQuery, LotPage } from './list-lots.query';
import type { LotSort } from './list-lots.request.dto';

const PRICE = 'COALESCE(current_price, start_price)';
const ORDER: Record<LotSort, string> = {
  newest: 'created_at DESC, id',
  ending: 'ends_at ASC, id',
  ended: 'ends_at DESC, id',
  price: `${PRICE} ASC, ends_at ASC, id`,
  price_desc: `${PRICE} DESC, ends_at ASC, id`,
};

@QueryHandler(ListLotsQuery)
export class ListLotsHandler implements IQueryHandler<ListLotsQuery, LotPage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: ListLotsQuery): Promise<LotPage> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (q.status) conditions.push(`status = $${params.push(q.status)}`);
    if (q.sellerId) conditions.push(`seller_id = $${params.push(q.sellerId)}`);
    if (q.endingWithinS !== undefined) {
      conditions.push(`status = 'OPEN'`);
      conditions.push(`ends_at <= now() + $${params.push(q.endingWithinS)}::int * interval '1 second'`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const order = ORDER[q.sort];
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT ${LOT_COLUMNS} FROM lots ${where} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.limit, q.offset],
      ) as Promise<LotRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM lots ${where}`, params) as Promise<
        { n: number }[]
      >,
    ]);
    return { lots: rows.map(toLotView), total: count[0].n };
  }
}
