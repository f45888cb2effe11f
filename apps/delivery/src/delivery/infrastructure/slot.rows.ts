/** A `slots` row as returned by raw SQL. */
export interface SlotRow {
  id: string;
  starts_at: Date;
  capacity: number;
  booked: number;
}

export interface SlotView {
  id: string;
  startsAt: string;
  capacity: number;
  booked: number;
  available: number;
}

export const SLOT_COLUMNS = 'id, starts_at, capacity, booked';

export function toSlotView(row: SlotRow): SlotView {
  return {
    id: row.id,
    startsAt: new Date(row.starts_at).toISOString(),
    capacity: row.capacity,
    booked: row.booked,
    available: row.capacity - row.booked,
  };
}
