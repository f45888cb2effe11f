import type { DeliveryAddress } from '@app/contracts';
import type { BookingStatus } from '../../domain/booking';

export class ListBookingsQuery {
  constructor(readonly orderId: string) {}
}

export interface BookingView {
  bookingId: string;
  orderId: string;
  slotId: string;
  startsAt: string;
  address: DeliveryAddress;
  status: BookingStatus;
  createdAt: string;
}
