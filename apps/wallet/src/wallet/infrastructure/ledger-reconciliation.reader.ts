import type { EntityManager } from 'typeorm';
import type { AccountType } from '../domain/ledger';
import type { JournalTotals, OutsideFacts, ProjectionRow } from '../domain/ledger-reconciliation';

const big = (v: string | null): bigint => BigInt(v ?? '0');
const bigOrNull = (v: string | null): bigint | null => (v === null ? null : BigInt(v));

/**
 * The numbers a ledger reconciliation compares, read in the caller's transaction (one snapshot:
 * REPEATABLE READ, so sagas running meanwhile cannot make the journal and projections disagree).
 */
export const LedgerReconciliationReader = {
  async totals(manager: EntityManager): Promise<JournalTotals> {
    const [entries]: { n: string; currencies: string[] | null }[] = await manager.query(
      `SELECT count(*) AS n, array_agg(DISTINCT currency::text) AS currencies FROM ledger_entries`,
    );
    const byType: { account_type: AccountType; total: string }[] = await manager.query(
      `SELECT account_type, sum(amount)::text AS total FROM ledger_postings GROUP BY account_type`,
    );
    const unbalanced: { entry_id: string; total: string }[] = await manager.query(
      `SELECT entry_id, sum(amount)::text AS total FROM ledger_postings
       GROUP BY entry_id HAVING sum(amount) <> 0 ORDER BY entry_id LIMIT 100`,
    );
    return {
      entries: Number(entries.n),
      currencies: (entries.currencies ?? []).map((c) => c.trim()),
      byAccount: Object.fromEntries(byType.map((r) => [r.account_type, BigInt(r.total)])),
      unbalancedEntries: unbalanced.map((r) => ({ entryId: r.entry_id, sum: BigInt(r.total) })),
    };
  },

  async facts(manager: EntityManager): Promise<OutsideFacts> {
    const [row]: Record<'deposits' | 'chain' | 'withdrawals' | 'unsettled' | 'fees', string | null>[] =
      await manager.query(
        `SELECT (SELECT sum(amount) FROM deposits)::text AS deposits,
              (SELECT sum(amount) FROM chain_deposits)::text AS chain,
              (SELECT sum(amount) FROM withdrawals WHERE status = 'SETTLED')::text AS withdrawals,
              (SELECT sum(c.amount) FROM captures c WHERE NOT EXISTS (
                 SELECT 1 FROM escrow_settlements s WHERE s.capture_id = c.id AND s.reversed_by IS NULL
              ))::text AS unsettled,
              (SELECT sum(fee) FROM escrow_settlements WHERE kind = 'PAYOUT' AND reversed_by IS NULL)::text AS fees`,
      );
    return {
      deposits: big(row.deposits) + big(row.chain),
      chainDeposits: big(row.chain),
      withdrawals: big(row.withdrawals),
      unsettledCaptures: big(row.unsettled),
      feesCharged: big(row.fees),
    };
  },

  /**
   * Users whose projections differ from their postings (at most `limit`, and whether there were more).
   * Each projection is recomputed from the journal: balance = available + held, held, proceeds, and
   * the sum of ACTIVE holds = held.
   */
  async differingUsers(
    manager: EntityManager,
    limit: number,
  ): Promise<{ rows: ProjectionRow[]; truncated: boolean }> {
    const raw: Record<string, string | null>[] = await manager.query(
      `WITH j AS (
         SELECT owner_id AS user_id,
                coalesce(sum(amount) FILTER (WHERE account_type IN ('available', 'held')), 0) AS balance,
                coalesce(sum(amount) FILTER (WHERE account_type = 'held'), 0) AS held,
                coalesce(sum(amount) FILTER (WHERE account_type = 'proceeds'), 0) AS proceeds
         FROM ledger_postings WHERE owner_id <> '' GROUP BY owner_id
       ), h AS (
         SELECT user_id, sum(amount) AS active FROM holds WHERE status = 'ACTIVE' GROUP BY user_id
       ), users AS (
         SELECT user_id FROM wallet_accounts UNION SELECT user_id FROM j UNION SELECT user_id FROM h
       )
       SELECT u.user_id, w.balance::text, w.held::text, w.proceeds::text, h.active::text AS active,
              coalesce(j.balance, 0)::text AS j_balance, coalesce(j.held, 0)::text AS j_held,
              coalesce(j.proceeds, 0)::text AS j_proceeds
       FROM users u
       LEFT JOIN wallet_accounts w ON w.user_id = u.user_id
       LEFT JOIN j ON j.user_id = u.user_id
       LEFT JOIN h ON h.user_id = u.user_id
       WHERE coalesce(w.balance, 0) <> coalesce(j.balance, 0) OR coalesce(w.held, 0) <> coalesce(j.held, 0)
          OR coalesce(w.proceeds, 0) <> coalesce(j.proceeds, 0) OR coalesce(h.active, 0) <> coalesce(j.held, 0)
       ORDER BY u.user_id LIMIT $1`,
      [limit + 1],
    );
    const rows = raw.slice(0, limit).map((r) => ({
      userId: r.user_id ?? '',
      balance: bigOrNull(r.balance),
      held: bigOrNull(r.held),
      proceeds: bigOrNull(r.proceeds),
      activeHolds: bigOrNull(r.active),
      journalBalance: big(r.j_balance),
      journalHeld: big(r.j_held),
      journalProceeds: big(r.j_proceeds),
    }));
    return { rows, truncated: raw.length > limit };
  },
};
