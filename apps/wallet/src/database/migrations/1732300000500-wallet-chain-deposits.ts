import { MigrationInterface, QueryRunner } from 'typeorm';

const KIND = 'chain_deposit';

/**
 * Deposits from the chain (docs/money.md): each user's deposit address (derived from the platform key at
 * m/44'/60'/1'/0/<derivation_index>), the watcher's durable block cursor per chain, and every deposit it
 * credited, unique per (chain, transaction). The journal learns the entry kind `chain_deposit`.
 */
export class WalletChainDeposits1732300000500 implements MigrationInterface {
  name = 'WalletChainDeposits1732300000500';

  async up(q: QueryRunner): Promise<void> {
    await this.setKinds(q, (kinds) => [...new Set([...kinds, KIND])]);
    // gaps (an allocation rolled back) are harmless: every address handed out is stored with its index
    await q.query(
      `CREATE SEQUENCE deposit_address_index_seq AS integer MINVALUE 0 MAXVALUE 2147483647 START 0 NO CYCLE`,
    );
    await q.query(`
      CREATE TABLE deposit_addresses (
        user_id varchar(64) PRIMARY KEY REFERENCES wallet_accounts(user_id),
        derivation_index integer NOT NULL UNIQUE CHECK (derivation_index >= 0),
        address varchar(42) NOT NULL UNIQUE CHECK (address ~ '^0x[0-9a-f]{40}$'),
        display_address varchar(42) NOT NULL,
        key_fingerprint varchar(10) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE chain_cursors (
        chain_id bigint PRIMARY KEY,
        block_number bigint NOT NULL CHECK (block_number >= -1),
        block_hash varchar(66),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE chain_deposits (
        id uuid PRIMARY KEY,
        chain_id bigint NOT NULL,
        tx_hash varchar(66) NOT NULL,
        block_number bigint NOT NULL,
        block_hash varchar(66) NOT NULL,
        from_address varchar(42) NOT NULL,
        to_address varchar(42) NOT NULL,
        user_id varchar(64) NOT NULL REFERENCES wallet_accounts(user_id),
        value_wei numeric(78, 0) NOT NULL CHECK (value_wei > 0),
        wei_per_minor_unit numeric(78, 0) NOT NULL CHECK (wei_per_minor_unit > 0),
        amount bigint NOT NULL CHECK (amount >= 0),
        remainder_wei numeric(78, 0) NOT NULL CHECK (remainder_wei >= 0),
        currency char(3) NOT NULL,
        entry_id uuid REFERENCES ledger_entries(id),
        credited_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (chain_id, tx_hash),
        CHECK (value_wei = amount * wei_per_minor_unit + remainder_wei),
        CHECK ((amount = 0) = (entry_id IS NULL))
      )`);
    await q.query(`CREATE INDEX chain_deposits_user_idx ON chain_deposits (user_id, credited_at)`);
  }

  /**
   * Rewrites the CHECK on ledger_entries.kind from the kinds it allows now, so this migration keeps the
   * kinds any other migration added (whatever order they ran in).
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chain_deposits`);
    await q.query(`DROP TABLE chain_cursors`);
    await q.query(`DROP TABLE deposit_addresses`);
    await q.query(`DROP SEQUENCE deposit_address_index_seq`);
    await this.setKinds(q, (kinds) => kinds.filter((k) => k !== KIND));
  }
}
