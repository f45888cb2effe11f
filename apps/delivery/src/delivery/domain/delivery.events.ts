/**
 * Domain events of delivery (topic `delivery.events`, key = orderId).
 * TODO(lead): move to libs/contracts (delivery.events.ts) once consumers need them.
 */
export const DeliveryEventsTopic = 'delivery.events';

export interface DeliveryBookedData {
  bookingId: string;
  orderId: string;
  slotId: string;
  startsAt: string;
  country: string;
}

export interface DeliveryCancelledData {
  bookingId: string;
  orderId: string;
  slotId: string;
}

export type DeliveryBooked = { type: 'DeliveryBooked'; data: DeliveryBookedData };
export type DeliveryCancelled = { type: 'DeliveryCancelled'; data: DeliveryCancelledData };
export type DeliveryEvent = DeliveryBooked | DeliveryCancelled;
