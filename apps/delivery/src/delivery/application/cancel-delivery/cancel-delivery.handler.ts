import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CancelDeliveryData, CancelDeliverySchema, OrderSagaMessages } from '@app/contracts';
import { CommandHandler as ParticipantHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';

/**
 * `delivery.cancel` (compensation of `delivery.book`): the booking made by the forward command is
 * CANCELLED and its place returns to the slot. Always a success; a no-op when nothing was booked.
 */
@Injectable()
export class CancelDeliveryHandler implements ParticipantHandler<CancelDeliveryData> {
  readonly schema = CancelDeliverySchema;

  async handle(
    manager: EntityManager,
    { data }: ParticipantCommand<CancelDeliveryData>,
  ): Promise<ParticipantReply> {
    const [cancelled] = (await manager.query(
      `UPDATE bookings SET status = 'CANCELLED', updated_at = now()
       WHERE command_id = $1 AND order_id = $2 AND status = 'BOOKED' RETURNING id, slot_id`,
      [data.forwardCommandId, data.orderId],
    )) as [{ id: string; slot_id: string }[], number];
    const booking = cancelled[0];
    if (!booking)
      return { type: OrderSagaMessages.delivery.cancelled, outcome: 'success', data: { cancelled: false } };
    await manager.query(`UPDATE slots SET booked = booked - 1 WHERE id = $1`, [booking.slot_id]);
    return {
      type: OrderSagaMessages.delivery.cancelled,
      outcome: 'success',
      data: { cancelled: true, bookingId: booking.id },
    };
  }
}
