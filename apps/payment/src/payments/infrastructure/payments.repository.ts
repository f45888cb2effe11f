import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import type { PaymentStatus } from '../domain/payment';

export interface PaymentRow {
  id: string;
  orderId: string;
  buyerId: string;
  sellerId: string;
  holdId: string;
  amount: bigint;
  status: PaymentStatus;
  chargeCommandId: string;
}

interface Raw {
  id: string;
  order_id: string;
  buyer_id: string;
  seller_id: string;
  hold_id: string;
  amount: string;
  status: PaymentStatus;
  charge_command_id: string;
}

const COLUMNS = 'id, order_id, buyer_id, seller_id, hold_id, amount, status, charge_command_id';
const toRow = (r: Raw): PaymentRow => ({
  id: r.id,
  orderId: r.order_id,
  buyerId: r.buyer_id,
  sellerId: r.seller_id,
  holdId: r.hold_id,
  amount: BigInt(r.amount),
  status: r.status,
  chargeCommandId: r.charge_command_id,
});

/** Row-level SQL for payments, run in the saga command's transaction. */
export const PaymentsRepository = {
  async findByOrder(manager: EntityManager, orderId: string): Promise<PaymentRow | undefined> {
    const { rows } = await preparedQuery<Raw>(
      manager,
      'payment_by_order',
      `SELECT ${COLUMNS} FROM payments WHERE order_id = $1`,
      [orderId],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  },

  async findByOrders(manager: EntityManager, orderIds: readonly string[]): Promise<Map<string, PaymentRow>> {
    const { rows } = await preparedQuery<Raw>(
      manager,
      'payment_by_orders',
      `SELECT ${COLUMNS} FROM payments WHERE order_id = ANY($1::text[])`,
      [[...new Set(orderIds)]],
    );
    return new Map(rows.map((r) => [r.order_id, toRow(r)]));
  },

  async lockByChargeCommand(
    manager: EntityManager,
    chargeCommandId: string,
  ): Promise<PaymentRow | undefined> {
    const rows: Raw[] = await manager.query(
      `SELECT ${COLUMNS} FROM payments WHERE charge_command_id = $1 FOR UPDATE`,
      [chargeCommandId],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  },

  /** Inserts unless the order already has a payment (a concurrent charge won): false then. */
  async insert(manager: EntityManager, p: PaymentRow, reason: string | null): Promise<boolean> {
    return (await PaymentsRepository.insertMany(manager, [{ row: p, reason }])).has(p.orderId);
  },

  /** Inserts those whose order has no payment yet; the order ids inserted (a concurrent charge won the others). */
  async insertMany(
    manager: EntityManager,
    payments: readonly { row: PaymentRow; reason: string | null }[],
  ): Promise<Set<string>> {
    if (payments.length === 0) return new Set();
    const { rows } = await preparedQuery<{ order_id: string }>(
      manager,
      'payment_insert_many',
      `INSERT INTO payments (${COLUMNS}, reason)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::bigint[],
                            $7::text[], $8::text[], $9::text[])
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [
        payments.map((p) => p.row.id),
        payments.map((p) => p.row.orderId),
        payments.map((p) => p.row.buyerId),
        payments.map((p) => p.row.sellerId),
        payments.map((p) => p.row.holdId),
        payments.map((p) => p.row.amount.toString()),
        payments.map((p) => p.row.status),
        payments.map((p) => p.row.chargeCommandId),
        payments.map((p) => p.reason),
      ],
    );
    return new Set(rows.map((r) => r.order_id));
  },

  async setStatus(manager: EntityManager, id: string, status: PaymentStatus): Promise<void> {
    await manager.query(`UPDATE payments SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
  },
};
