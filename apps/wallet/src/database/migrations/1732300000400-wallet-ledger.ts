import { MigrationInterface, QueryRunner } from 'typeorm';
import { platformCurrency } from '@app/common';

const OWNED = `'available', 'held', 'proceeds'`;
const ACCOUNTS = `${OWNED}, 'escrow', 'fees', 'chain_clearing', 'external'`;
const KINDS = `'opening', 'top_up', 'hold_placed', 'hold_released', 'hold_captured', 'escrow_paid_out',
  'escrow_payout_reversed', 'escrow_refunded'`;
const OPENING_CAUSE = 'migration:WalletLedger1732300000400';

/**
 * The double-entry ledger (docs/money.md): an append-only journal of balanced entries, escrow
 * settlements, sellers' proceeds on `wallet_accounts`, and an opening entry for what an existing
 * database already holds, so that reconciliation finds the projections equal to the journal:
 *   available = balance − held and held per user, escrow = every capture made so far (none was paid
 *   out or refunded before the ledger), and `external` the counterparty of all of it.
 * `wallet_accounts` is locked while the opening entry is taken, so it is an exact snapshot.
 */
export class WalletLedger1732300000400 implements MigrationInterface {
  name = 'WalletLedger1732300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE wallet_accounts ADD COLUMN proceeds bigint NOT NULL DEFAULT 0 CHECK (proceeds >= 0)`,
    );
    await this.createJournal(q);
    await this.createSettlements(q);
    await this.guardJournal(q);
    await this.openingEntry(q);
  }

  private async createJournal(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_entries (
        id uuid PRIMARY KEY,
        kind varchar(32) NOT NULL CHECK (kind IN (${KINDS})),
        cause_id varchar(255) NOT NULL UNIQUE,
        saga_id varchar(255),
        reference varchar(255) NOT NULL,
        currency char(3) NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ledger_postings (
        entry_id uuid NOT NULL REFERENCES ledger_entries(id),
        account_type varchar(16) NOT NULL CHECK (account_type IN (${ACCOUNTS})),
        owner_id varchar(64) NOT NULL DEFAULT '',
        amount bigint NOT NULL CHECK (amount <> 0),
        PRIMARY KEY (entry_id, account_type, owner_id),
        CHECK ((account_type IN (${OWNED})) = (owner_id <> ''))
      )`);
    await q.query(`CREATE INDEX ledger_postings_account_idx ON ledger_postings (owner_id, account_type)`);
  }

  private async createSettlements(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE escrow_settlements (
        id uuid PRIMARY KEY,
        capture_id uuid NOT NULL REFERENCES captures(id),
        kind varchar(8) NOT NULL CHECK (kind IN ('PAYOUT', 'REFUND')),
        seller_id varchar(64),
        fee_bps integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
        fee bigint NOT NULL CHECK (fee >= 0),
        payout bigint NOT NULL CHECK (payout >= 0),
        command_id varchar(255) NOT NULL UNIQUE,
        entry_id uuid NOT NULL REFERENCES ledger_entries(id),
        reversed_by varchar(255),
        reversal_entry_id uuid REFERENCES ledger_entries(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        reversed_at timestamptz,
        CHECK ((kind = 'PAYOUT') = (seller_id IS NOT NULL))
      )`);
    // An escrow settles once: at most one settlement in force (not reversed) per capture.
    await q.query(
      `CREATE UNIQUE INDEX escrow_settlements_in_force_idx ON escrow_settlements (capture_id)
       WHERE reversed_by IS NULL`,
    );
  }

  /** Append-only: no UPDATE, DELETE or TRUNCATE of the journal; every INSERT statement balances. */
  private async guardJournal(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE FUNCTION ledger_postings_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE bad record;
      BEGIN
        SELECT entry_id, sum(amount) AS total INTO bad FROM new_postings
          GROUP BY entry_id HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger entry % does not balance: its postings add up to %', bad.entry_id, bad.total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['ledger_entries', 'ledger_postings']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }
    await q.query(`CREATE TRIGGER ledger_postings_balanced AFTER INSERT ON ledger_postings
      REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_balanced()`);
  }

  private async openingEntry(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE wallet_accounts, holds, captures IN EXCLUSIVE MODE`);
    await q.query(
      `WITH opening AS (
         SELECT 'available' AS account_type, user_id AS owner_id, balance - held AS amount FROM wallet_accounts
         UNION ALL SELECT 'held', user_id, held FROM wallet_accounts
         UNION ALL SELECT 'escrow', '', coalesce(sum(amount), 0) FROM captures
       ), postings AS (
         SELECT * FROM opening
         UNION ALL SELECT 'external', '', -coalesce(sum(amount), 0) FROM opening
       ), entry AS (
         INSERT INTO ledger_entries (id, kind, cause_id, reference, currency, details)
         SELECT gen_random_uuid(), 'opening', $1, 'opening balances', $2,
                jsonb_build_object('note', 'balances, holds and captures before the ledger')
         WHERE EXISTS (SELECT 1 FROM postings WHERE amount <> 0)
         RETURNING id
       )
       INSERT INTO ledger_postings (entry_id, account_type, owner_id, amount)
       SELECT entry.id, p.account_type, p.owner_id, p.amount FROM entry, postings p WHERE p.amount <> 0`,
      [OPENING_CAUSE, platformCurrency()],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE escrow_settlements`);
    await q.query(`DROP TABLE ledger_postings`);
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP FUNCTION ledger_postings_balanced()`);
    await q.query(`DROP FUNCTION ledger_append_only()`);
    await q.query(`ALTER TABLE wallet_accounts DROP COLUMN proceeds`);
  }
}
