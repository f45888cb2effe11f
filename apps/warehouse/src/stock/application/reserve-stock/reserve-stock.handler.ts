import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import { OrderSagaMessages, ReserveStockData, ReserveStockSchema, StockReservedData } from '@app/contracts';
import { CommandHandler as ParticipantHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { ReserveFailure } from '../../domain/stock.errors';

/**
 * `warehouse.reserve`: holds `quantity` units of `sku` for an order. The conditional UPDATE is the
 * whole concurrency story: it succeeds only while on_hand − reserved covers the quantity, so stock
 * never goes negative however many reserves race (the CHECK constraints are the backstop).
 */
@Injectable()
export class ReserveStockHandler implements ParticipantHandler<ReserveStockData> {
  readonly schema = ReserveStockSchema;
  readonly refusedReplyType = OrderSagaMessages.warehouse.rejected;

  async handle(
    manager: EntityManager,
    { data, metadata }: ParticipantCommand<ReserveStockData>,
  ): Promise<ParticipantReply> {
    const { rows } = await preparedQuery<{ sku: string }>(
      manager,
      'warehouse_stock_reserve',
      `UPDATE items SET reserved = reserved + $2, updated_at = now()
       WHERE sku = $1 AND on_hand - reserved >= $2 RETURNING sku`,
      [data.sku, data.quantity],
    );
    if (rows.length === 0) return this.rejection(manager, data);
    const reservationId = randomUUID();
    await preparedQuery(
      manager,
      'warehouse_reservation_insert',
      `INSERT INTO reservations (id, order_id, sku, quantity, status, command_id)
       VALUES ($1, $2, $3, $4, 'ACTIVE', $5)`,
      [reservationId, data.orderId, data.sku, data.quantity, metadata.commandId],
    );
    const reply: StockReservedData = { reservationId };
    return { type: OrderSagaMessages.warehouse.reserved, outcome: 'success', data: reply };
  }

  private async rejection(manager: EntityManager, data: ReserveStockData): Promise<ParticipantReply> {
    const items: { available: number }[] = await manager.query(
      `SELECT on_hand - reserved AS available FROM items WHERE sku = $1`,
      [data.sku],
    );
    const unknown = items.length === 0;
    return {
      type: OrderSagaMessages.warehouse.rejected,
      outcome: 'failure',
      data: unknown ? {} : { available: items[0].available },
      code: unknown ? ReserveFailure.unknownSku : ReserveFailure.outOfStock,
      reason: unknown
        ? `no item ${data.sku}`
        : `${data.quantity} of ${data.sku} requested, ${items[0].available} available`,
    };
  }
}
