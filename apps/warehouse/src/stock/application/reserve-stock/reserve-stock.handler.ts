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
    await insertReservations(manager, [
      {
        id: reservationId,
        orderId: data.orderId,
        sku: data.sku,
        quantity: data.quantity,
        commandId: metadata.commandId,
      },
    ]);
    const reply: StockReservedData = { reservationId };
    return { type: OrderSagaMessages.warehouse.reserved, outcome: 'success', data: reply };
  }

  /**
   * Many reservations in three statements: the items locked (sku order), each command decided in turn
   * against what the earlier ones left, then one UPDATE of the items and one INSERT of the reservations.
   * A command that does not fit (or names an unknown item) is handled alone afterwards, which refuses it
   * with what is available then.
   */
  async handleMany(
    manager: EntityManager,
    commands: ParticipantCommand<ReserveStockData>[],
  ): Promise<ParticipantReply[]> {
    const { rows } = await preparedQuery<{ sku: string; available: number }>(
      manager,
      'warehouse_stock_lock_many',
      `SELECT sku, on_hand - reserved AS available FROM items WHERE sku = ANY($1::text[])
       ORDER BY sku FOR UPDATE`,
      [[...new Set(commands.map((c) => c.data.sku))]],
    );
    const available = new Map(rows.map((r) => [r.sku, Number(r.available)]));
    const taken = new Map<string, number>();
    const reservations: Reservation[] = [];
    const answers: ParticipantReply[] = [];
    const alone: number[] = [];
    commands.forEach(({ data, metadata }, i) => {
      const left = available.get(data.sku);
      if (left === undefined || left < data.quantity) return void alone.push(i);
      available.set(data.sku, left - data.quantity);
      taken.set(data.sku, (taken.get(data.sku) ?? 0) + data.quantity);
      const reservationId = randomUUID();
      reservations.push({
        id: reservationId,
        orderId: data.orderId,
        sku: data.sku,
        quantity: data.quantity,
        commandId: metadata.commandId,
      });
      answers[i] = {
        type: OrderSagaMessages.warehouse.reserved,
        outcome: 'success',
        data: { reservationId } satisfies StockReservedData,
      };
    });
    if (reservations.length > 0) {
      await preparedQuery(
        manager,
        'warehouse_stock_reserve_many',
        `UPDATE items SET reserved = reserved + t.quantity, updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS t(sku, quantity) WHERE items.sku = t.sku`,
        [[...taken.keys()], [...taken.values()]],
      );
      await insertReservations(manager, reservations);
    }
    for (const i of alone) answers[i] = await this.handle(manager, commands[i]);
    return answers;
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

interface Reservation {
  id: string;
  orderId: string;
  sku: string;
  quantity: number;
  commandId: string;
}

async function insertReservations(
  manager: EntityManager,
  reservations: readonly Reservation[],
): Promise<void> {
  await preparedQuery(
    manager,
    'warehouse_reservation_insert_many',
    `INSERT INTO reservations (id, order_id, sku, quantity, status, command_id)
     SELECT id, order_id, sku, quantity, 'ACTIVE', command_id
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[])
       AS r(id, order_id, sku, quantity, command_id)`,
    [
      reservations.map((r) => r.id),
      reservations.map((r) => r.orderId),
      reservations.map((r) => r.sku),
      reservations.map((r) => r.quantity),
      reservations.map((r) => r.commandId),
    ],
  );
}
