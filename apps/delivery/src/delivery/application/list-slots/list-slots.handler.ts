import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { SLOT_COLUMNS, SlotRow, SlotView, toSlotView } from '../../infrastructure/slot.rows';
import { ListSlotsQuery } from './list-slots.query';

@QueryHandler(ListSlotsQuery)
export class ListSlotsHandler implements IQueryHandler<ListSlotsQuery, { items: SlotView[] }> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ from, to, onlyAvailable, limit }: ListSlotsQuery): Promise<{ items: SlotView[] }> {
    const rows: SlotRow[] = await this.dataSource.query(
      `SELECT ${SLOT_COLUMNS} FROM slots
       WHERE starts_at >= $1 AND ($2::timestamptz IS NULL OR starts_at < $2) AND (NOT $3 OR booked < capacity)
       ORDER BY starts_at, id LIMIT $4`,
      [from.toISOString(), to?.toISOString() ?? null, onlyAvailable, limit],
    );
    return { items: rows.map(toSlotView) };
  }
}
