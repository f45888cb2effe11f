import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { BookingView, ListBookingsQuery } from './list-bookings.query';
import { ListBookingsRequestDto } from './list-bookings.request.dto';

@Controller('bookings')
export class ListBookingsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** `GET /bookings?orderId=`: an order's bookings, cancelled ones included. */
  @Get()
  list(@Query() q: ListBookingsRequestDto): Promise<{ items: BookingView[] }> {
    return this.queryBus.execute<ListBookingsQuery, { items: BookingView[] }>(
      new ListBookingsQuery(q.orderId),
    );
  }
}
