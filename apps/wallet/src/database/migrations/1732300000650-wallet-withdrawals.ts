import { MigrationInterface, QueryRunner } from 'typeorm';

/** The journal's entry kinds this migration adds (and its down() removes, and only these). */
const KINDS = ['withdrawal_held', 'withdrawal_released', 'chain_withdrawal'];
const TX_STATES = `'NONE', 'SIGNED', 'BROADCAST', 'MINED', 'REJECTED', 'REVERTED', 'DROPPED'`;

/**
 * Withdrawals to linked addresses (docs/money.md, "Withdrawals"): one row per withdrawal, with its hold and
 * the signed transaction stored before it is broadcast (so a retry or a restart sends the same bytes, never
 * a second transaction), and the journal's three new entry kinds (added to the kinds allowed now).
 */
export class WalletWithdrawals1732300000650 implements MigrationInterface {
  name = 'WalletWithdrawals1732300000650';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE withdrawals (
        id uuid PRIMARY KEY,
        user_id varchar(64) NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        source varchar(16) NOT NULL CHECK (source IN ('available', 'proceeds')),
        to_address varchar(42) NOT NULL CHECK (to_address ~ '^0x[0-9a-f]{40}$'),
        status varchar(16) NOT NULL CHECK (status IN ('PENDING', 'SENT', 'CONFIRMED', 'SETTLED', 'FAILED')),
        failure_code varchar(64),
        failure_reason text,
        saga_id varchar(255) NOT NULL,
        hold_command_id varchar(255) NOT NULL UNIQUE,
        hold_id uuid REFERENCES holds(id),
        tx_state varchar(16) NOT NULL DEFAULT 'NONE' CHECK (tx_state IN (${TX_STATES})),
        from_address varchar(42),
        nonce bigint,
        value_wei numeric(78, 0),
        max_fee_per_gas numeric(78, 0),
        max_priority_fee_per_gas numeric(78, 0),
        raw_tx text,
        tx_hash varchar(66),
        signed_at timestamptz,
        replacement_raw_tx text,
        replacement_tx_hash varchar(66),
        block_number bigint,
        settled_entry_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((tx_state = 'NONE') = (raw_tx IS NULL)),
        CHECK ((raw_tx IS NULL) = (nonce IS NULL AND tx_hash IS NULL AND signed_at IS NULL))
      )`);
    await q.query(`CREATE INDEX withdrawals_user_idx ON withdrawals (user_id, created_at DESC, id)`);
    await q.query(
      `CREATE INDEX withdrawals_in_flight_idx ON withdrawals (from_address, nonce) WHERE tx_state IN ('SIGNED', 'BROADCAST')`,
    );
    await this.setKinds(q, (kinds) => [...new Set([...kinds, ...KINDS])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.setKinds(q, (kinds) => kinds.filter((k) => !KINDS.includes(k)));
    await q.query(`DROP TABLE withdrawals`);
  }

  /**
   * Rewrites the CHECK on ledger_entries.kind from the kinds it allows now (as WalletChainDeposits1732300000500
   * does), so the kinds any other migration added (`chain_deposit`) are kept, whatever order they ran in.
   */
  private async setKinds(q: QueryRunner, change: (kinds: string[]) => string[]): Promise<void> {
    const checks: { conname: string; def: string }[] = await q.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = 'ledger_entries'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`,
    );
    if (checks.length !== 1)
      throw new Error(`expected one CHECK on ledger_entries.kind, found ${checks.length}`);
    const kinds = [...checks[0].def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    const list = change(kinds)
      .map((k) => `'${k}'`)
      .join(', ');
    await q.query(`ALTER TABLE ledger_entries DROP CONSTRAINT "${checks[0].conname}"`);
    await q.query(
      `ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN (${list}))`,
    );
  }
}
