import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DeliveryErrors } from '../../domain/delivery.errors';
import { SLOT_COLUMNS, SlotRow, SlotView, toSlotView } from '../../infrastructure/slot.rows';
import { CreateSlotCommand } from './create-slot.command';

/** Adds a delivery slot (extra capacity, a special day); ids are unique. */
@CommandHandler(CreateSlotCommand)
export class CreateSlotHandler implements ICommandHandler<CreateSlotCommand, SlotView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ id, startsAt, capacity }: CreateSlotCommand): Promise<SlotView> {
    if (startsAt.getTime() <= Date.now()) throw DeliveryErrors.slotInPast(id);
    const rows: SlotRow[] = await this.dataSource.query(
      `INSERT INTO slots (id, starts_at, capacity) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO NOTHING RETURNING ${SLOT_COLUMNS}`,
      [id, startsAt.toISOString(), capacity],
    );
    if (rows.length === 0) throw DeliveryErrors.slotExists(id);
    return toSlotView(rows[0]);
  }
}
