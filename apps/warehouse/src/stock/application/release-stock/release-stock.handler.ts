import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderSagaMessages, ReleaseStockData, ReleaseStockSchema } from '@app/contracts';
import { CommandHandler as ParticipantHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';

/**
 * `warehouse.release` (compensation of `warehouse.reserve`): the ACTIVE reservation made by the
 * forward command becomes RELEASED and its units return to available stock. Always a success; a
 * no-op when the reservation never happened (the library's tombstone then refuses a late reserve).
 */
@Injectable()
export class ReleaseStockHandler implements ParticipantHandler<ReleaseStockData> {
  readonly schema = ReleaseStockSchema;

  async handle(
    manager: EntityManager,
    { data }: ParticipantCommand<ReleaseStockData>,
  ): Promise<ParticipantReply> {
    const [released] = (await manager.query(
      `UPDATE reservations SET status = 'RELEASED', updated_at = now()
       WHERE command_id = $1 AND order_id = $2 AND status = 'ACTIVE' RETURNING id, sku, quantity`,
      [data.forwardCommandId, data.orderId],
    )) as [{ id: string; sku: string; quantity: number }[], number];
    const reservation = released[0];
    if (!reservation)
      return { type: OrderSagaMessages.warehouse.released, outcome: 'success', data: { released: false } };
    await manager.query(`UPDATE items SET reserved = reserved - $2, updated_at = now() WHERE sku = $1`, [
      reservation.sku,
      reservation.quantity,
    ]);
    return {
      type: OrderSagaMessages.warehouse.released,
      outcome: 'success',
      data: { released: true, reservationId: reservation.id },
    };
  }
}
