import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import type { Escrow, Settlement, SettlementKind } from '../domain/escrow';

interface SettlementRow {
  id: string;
  capture_id: string;
  kind: SettlementKind;
  seller_id: string | null;
  fee_bps: number;
  fee: string;
  payout: string;
  command_id: string;
  reversed_by: string | null;
}

const SETTLEMENT_COLUMNS = `id, capture_id, kind, seller_id, fee_bps, fee, payout, command_id, reversed_by`;

const toSettlement = (r: SettlementRow): Settlement => ({
  id: r.id,
  kind: r.kind,
  sellerId: r.seller_id,
  feeBps: r.fee_bps,
  fee: BigInt(r.fee),
  payout: BigInt(r.payout),
  commandId: r.command_id,
  reversedBy: r.reversed_by,
});

/** A settlement made by a command, with the escrow it settled. */
export interface LockedSettlement {
  settlement: Settlement;
  escrow: Escrow;
}

/**
 * Escrow rows, in the caller's transaction. A capture row is locked before anything about its escrow is
 * decided, so two settlements of the same escrow serialise (and the unique index on settlements in
 * force refuses a second one regardless).
 */
export const EscrowRepository = {
  async lockEscrow(
    manager: EntityManager,
    by: { holdId?: string; captureId?: string },
  ): Promise<Escrow | undefined> {
    const [column, value] = by.captureId
      ? (['id', by.captureId] as const)
      : (['hold_id', by.holdId] as const);
    const { rows } = await preparedQuery<{ id: string; hold_id: string; user_id: string; amount: string }>(
      manager,
      `wallet_capture_lock_by_${column}`,
      `SELECT id, hold_id, user_id, amount FROM captures WHERE ${column} = $1 FOR UPDATE`,
      [value],
    );
    const capture = rows[0];
    if (!capture) return undefined;
    const { rows: settled } = await preparedQuery<SettlementRow>(
      manager,
      'wallet_settlement_in_force',
      `SELECT ${SETTLEMENT_COLUMNS} FROM escrow_settlements WHERE capture_id = $1 AND reversed_by IS NULL`,
      [capture.id],
    );
    return {
      captureId: capture.id,
      holdId: capture.hold_id,
      buyerId: capture.user_id,
      amount: BigInt(capture.amount),
      ...(settled[0] ? { settlement: toSettlement(settled[0]) } : {}),
    };
  },

  /** The settlement a forward command made, locked with its capture; undefined when it made none. */
  async lockSettlementOf(manager: EntityManager, commandId: string): Promise<LockedSettlement | undefined> {
    const rows: SettlementRow[] = await manager.query(
      `SELECT ${SETTLEMENT_COLUMNS} FROM escrow_settlements WHERE command_id = $1`,
      [commandId],
    );
    if (!rows[0]) return undefined;
    const escrow = await EscrowRepository.lockEscrow(manager, { captureId: rows[0].capture_id });
    const locked: SettlementRow[] = await manager.query(
      `SELECT ${SETTLEMENT_COLUMNS} FROM escrow_settlements WHERE id = $1 FOR UPDATE`,
      [rows[0].id],
    );
    return escrow && { settlement: toSettlement(locked[0]), escrow };
  },

  async insertSettlement(
    manager: EntityManager,
    s: Omit<Settlement, 'reversedBy'> & { captureId: string; entryId: string },
  ): Promise<void> {
    await EscrowRepository.insertSettlements(manager, [s]);
  },

  async insertSettlements(
    manager: EntityManager,
    settlements: readonly (Omit<Settlement, 'reversedBy'> & { captureId: string; entryId: string })[],
  ): Promise<void> {
    if (settlements.length === 0) return;
    await preparedQuery(
      manager,
      'wallet_settlement_insert_many',
      `INSERT INTO escrow_settlements (id, capture_id, kind, seller_id, fee_bps, fee, payout, command_id, entry_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::bigint[],
                            $7::bigint[], $8::text[], $9::uuid[])`,
      [
        settlements.map((s) => s.id),
        settlements.map((s) => s.captureId),
        settlements.map((s) => s.kind),
        settlements.map((s) => s.sellerId),
        settlements.map((s) => s.feeBps),
        settlements.map((s) => s.fee.toString()),
        settlements.map((s) => s.payout.toString()),
        settlements.map((s) => s.commandId),
        settlements.map((s) => s.entryId),
      ],
    );
  },

  async markReversed(
    manager: EntityManager,
    settlementId: string,
    reversal: { commandId: string; entryId: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE escrow_settlements SET reversed_by = $2, reversal_entry_id = $3, reversed_at = now() WHERE id = $1`,
      [settlementId, reversal.commandId, reversal.entryId],
    );
  },
};
