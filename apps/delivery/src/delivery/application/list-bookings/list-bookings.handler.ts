import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { DeliveryAddress } from '@app/contracts';
import type { BookingStatus } from '../../domain/booking';
import { BookingView, ListBookingsQuery } from './list-bookings.query';

interface BookingRow {
  id: string;
  order_id: string;
  slot_id: string;
  starts_at: Date;
  address: DeliveryAddress;
  status: BookingStatus;
  created_at: Date;
}

@QueryHandler(ListBookingsQuery)
export class ListBookingsHandler implements IQueryHandler<ListBookingsQuery, { items: BookingView[] }> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orderId }: ListBookingsQuery): Promise<{ items: BookingView[] }> {
    const rows: BookingRow[] = await this.dataSource.query(
      `SELECT b.id, b.order_id, b.slot_id, s.starts_at, b.address, b.status, b.created_at
       FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.order_id = $1 ORDER BY b.created_at, b.id`,
      [orderId],
    );
    return {
      items: rows.map((r) => ({
        bookingId: r.id,
        orderId: r.order_id,
        slotId: r.slot_id,
        startsAt: new Date(r.starts_at).toISOString(),
        address: r.address,
        status: r.status,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }
}
