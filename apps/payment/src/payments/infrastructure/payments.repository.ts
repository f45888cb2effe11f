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
    const { rows } = await preparedQuery(
      manager,
      'payment_insert',
      `INSERT INTO payments (${COLUMNS}, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (order_id) DO NOTHING RETURNING id`,
      [
        p.id,
        p.orderId,
        p.buyerId,
        p.sellerId,
        p.holdId,
        p.amount.toString(),
        p.status,
        p.chargeCommandId,
        reason,
      ],
    );
    return rows.length === 1;
  },

  async setStatus(manager: EntityManager, id: string, status: PaymentStatus): Promise<void> {
    await manager.query(`UPDATE payments SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
  },
};
