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

  /**
   * Locks the account rows of `userIds` in user id order (every multi-account lock takes them in this
   * order, so two of them cannot deadlock); the balances of those that exist.
   */
  async lockAccounts(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, Funds>> {
    const { rows } = await preparedQuery<{ user_id: string; balance: string; held: string }>(
      manager,
      'wallet_funds_lock_many',
      `SELECT user_id, balance, held FROM wallet_accounts WHERE user_id = ANY($1::text[])
       ORDER BY user_id FOR UPDATE`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.user_id, { balance: BigInt(r.balance), held: BigInt(r.held) }]));
  },

  /** Wallets for the users among `userIds` who have none yet (sellers paid before opening one). */
  async openAccounts(manager: EntityManager, userIds: readonly string[], currency: string): Promise<void> {
    await preparedQuery(
      manager,
      'wallet_account_open_many',
      `INSERT INTO wallet_accounts (user_id, currency) SELECT unnest($1::text[]), $2
       ON CONFLICT (user_id) DO NOTHING`,
      [[...new Set(userIds)].sort(), currency],
    );
  },

  /**
   * The holds with these ids, locked with their owners' accounts and the accounts of `alsoLock`:
   * accounts first (in user id order, `lockAccounts`), then holds in id order — the order of lockHold.
   */
  async lockHolds(
    manager: EntityManager,
    holdIds: readonly string[],
    alsoLock: readonly string[],
  ): Promise<{ holds: Map<string, LockedHold>; funds: Map<string, Funds> }> {
    const ids = [...new Set(holdIds)];
    const { rows: owners } = await preparedQuery<{ user_id: string }>(
      manager,
      'wallet_hold_owners',
      `SELECT DISTINCT user_id FROM holds WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const funds = await FundsRepository.lockAccounts(manager, [...owners.map((o) => o.user_id), ...alsoLock]);
    const { rows } = await preparedQuery<HoldRow>(
      manager,
      'wallet_hold_lock_many',
      `SELECT id, user_id, amount, reference, status FROM holds WHERE id = ANY($1::uuid[])
       ORDER BY id FOR UPDATE`,
      [ids],
    );
    return { holds: new Map(rows.map((r) => [r.id, toHold(r, funds.get(r.user_id))])), funds };
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
    await FundsRepository.insertHolds(manager, [hold]);
  },

  async insertHolds(
    manager: EntityManager,
    holds: readonly { id: string; userId: string; amount: bigint; reference: string; commandId: string }[],
  ): Promise<void> {
    if (holds.length === 0) return;
    await preparedQuery(
      manager,
      'wallet_hold_insert_many',
      `INSERT INTO holds (id, user_id, amount, reference, status, command_id)
       SELECT id, user_id, amount, reference, 'ACTIVE', command_id
       FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[])
         AS h(id, user_id, amount, reference, command_id)`,
      [
        holds.map((h) => h.id),
        holds.map((h) => h.userId),
        holds.map((h) => h.amount.toString()),
        holds.map((h) => h.reference),
        holds.map((h) => h.commandId),
      ],
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
    await FundsRepository.setHoldsStatus(manager, [holdId], status);
  },

  async setHoldsStatus(
    manager: EntityManager,
    holdIds: readonly string[],
    status: HoldStatus,
  ): Promise<void> {
    if (holdIds.length === 0) return;
    await preparedQuery(
      manager,
      'wallet_hold_status_many',
      `UPDATE holds SET status = $2, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [holdIds, status],
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
    await FundsRepository.insertCaptures(manager, [capture]);
  },

  async insertCaptures(
    manager: EntityManager,
    captures: readonly { id: string; hold: LockedHold; reference: string; commandId: string }[],
  ): Promise<void> {
    if (captures.length === 0) return;
    await preparedQuery(
      manager,
      'wallet_capture_insert_many',
      `INSERT INTO captures (id, hold_id, user_id, amount, reference, command_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[])`,
      [
        captures.map((c) => c.id),
        captures.map((c) => c.hold.id),
        captures.map((c) => c.hold.userId),
        captures.map((c) => c.hold.amount.toString()),
        captures.map((c) => c.reference),
        captures.map((c) => c.commandId),
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
