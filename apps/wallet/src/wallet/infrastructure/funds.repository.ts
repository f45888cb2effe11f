import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import type { Funds, HoldState, HoldStatus } from '../domain/hold';

/** Row-level SQL for holds, run in the caller's transaction (the saga command's). */
export interface LockedHold extends HoldState {
  id: string;
  userId: string;
  reference: string;
  /** The owner's balances, read when its account row was locked (no second statement to read them). */
  funds: Funds | undefined;
}

interface HoldRow {
  id: string;
  user_id: string;
  amount: string;
  reference: string;
  status: HoldStatus;
}

const toHold = (r: HoldRow, funds: Funds | undefined): LockedHold => ({
  funds,
  id: r.id,
  userId: r.user_id,
  amount: BigInt(r.amount),
  reference: r.reference,
  status: r.status,
});

/** Balances are never written here: they change only by posting a journal entry (LedgerRepository.post). */
export const FundsRepository = {
  /** Locks the account row until the transaction ends, so concurrent holds serialise on it. */
  async lockFunds(manager: EntityManager, userId: string): Promise<Funds | undefined> {
    const { rows } = await preparedQuery<{ balance: string; held: string }>(
      manager,
      'wallet_funds_lock',
      `SELECT balance, held FROM wallet_accounts WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    return rows[0] ? { balance: BigInt(rows[0].balance), held: BigInt(rows[0].held) } : undefined;
  },

  /** A wallet for a user who has none yet (a seller paid before ever opening one); a no-op otherwise. */
  async openAccount(manager: EntityManager, userId: string, currency: string): Promise<void> {
    await preparedQuery(
      manager,
      'wallet_account_open',
      `INSERT INTO wallet_accounts (user_id, currency) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`,
      [userId, currency],
    );
  },

  async insertHold(
    manager: EntityManager,
    hold: { id: string; userId: string; amount: bigint; reference: string; commandId: string },
  ): Promise<void> {
    await preparedQuery(
      manager,
      'wallet_hold_insert',
      `INSERT INTO holds (id, user_id, amount, reference, status, command_id) VALUES ($1, $2, $3, $4, 'ACTIVE', $5)`,
      [hold.id, hold.userId, hold.amount.toString(), hold.reference, hold.commandId],
    );
  },

  /**
   * The hold placed by a forward command, else the one with this id; locked with its account, whose
   * balances come with it.
   */
  async lockHold(
    manager: EntityManager,
    by: { commandId?: string; holdId?: string },
  ): Promise<LockedHold | undefined> {
    const find = async (where: 'command_id' | 'id', value: string): Promise<HoldRow | undefined> => {
      const { rows } = await preparedQuery<HoldRow>(
        manager,
        `wallet_hold_by_${where}`,
        `SELECT id, user_id, amount, reference, status FROM holds WHERE ${where} = $1`,
        [value],
      );
      return rows[0];
    };
    const row =
      (by.commandId ? await find('command_id', by.commandId) : undefined) ??
      (by.holdId ? await find('id', by.holdId) : undefined);
    if (!row) return undefined;
    // Account first, then hold: the same lock order as placing a hold, so the two cannot deadlock.
    const funds = await FundsRepository.lockFunds(manager, row.user_id);
    const { rows: locked } = await preparedQuery<HoldRow>(
      manager,
      'wallet_hold_lock',
      `SELECT id, user_id, amount, reference, status FROM holds WHERE id = $1 FOR UPDATE`,
      [row.id],
    );
    return toHold(locked[0], funds);
  },

  async setHoldStatus(manager: EntityManager, holdId: string, status: HoldStatus): Promise<void> {
    await preparedQuery(
      manager,
      'wallet_hold_status',
      `UPDATE holds SET status = $2, updated_at = now() WHERE id = $1`,
      [holdId, status],
    );
  },

  async setHoldAmount(manager: EntityManager, holdId: string, amount: bigint): Promise<void> {
    await manager.query(`UPDATE holds SET amount = $2, updated_at = now() WHERE id = $1`, [
      holdId,
      amount.toString(),
    ]);
  },

  async setHoldReference(manager: EntityManager, holdId: string, reference: string): Promise<void> {
    await manager.query(`UPDATE holds SET reference = $2, updated_at = now() WHERE id = $1`, [
      holdId,
      reference,
    ]);
  },

  async insertCapture(
    manager: EntityManager,
    capture: { id: string; hold: LockedHold; reference: string; commandId: string },
  ): Promise<void> {
    await preparedQuery(
      manager,
      'wallet_capture_insert',
      `INSERT INTO captures (id, hold_id, user_id, amount, reference, command_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        capture.id,
        capture.hold.id,
        capture.hold.userId,
        capture.hold.amount.toString(),
        capture.reference,
        capture.commandId,
      ],
    );
  },

  async captureIdOf(manager: EntityManager, holdId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM captures WHERE hold_id = $1`, [
      holdId,
    ]);
    return rows[0]?.id;
  },
};
