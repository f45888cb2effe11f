import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Linked Ethereum addresses and their sign-in challenges.
 *
 * Holds may now be backed by verified on-chain value, so `held <= balance` no longer holds: a user
 * with 0 deposited and 1 ETH on a linked address can hold up to its value. The invariant kept instead
 * is checked when a hold is placed, under the account row lock: held ≤ balance + on-chain value at
 * hold time (see domain/hold.ts decidePlaceHold). The database still guarantees balance ≥ 0 and
 * held ≥ 0, and a capture never takes balance below zero.
 */
export class WalletCrypto1732300000300 implements MigrationInterface {
  name = 'WalletCrypto1732300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE wallet_accounts DROP CONSTRAINT IF EXISTS wallet_accounts_held_within_balance`,
    );
    await q.query(`
      CREATE TABLE address_challenges (
        nonce varchar(64) PRIMARY KEY,
        user_id varchar(64) NOT NULL REFERENCES wallet_accounts(user_id),
        message text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX address_challenges_user_idx ON address_challenges (user_id, created_at)`);
    await q.query(`
      CREATE TABLE linked_addresses (
        address varchar(42) PRIMARY KEY CHECK (address ~ '^0x[0-9a-f]{40}$'),
        display_address varchar(42) NOT NULL,
        user_id varchar(64) NOT NULL REFERENCES wallet_accounts(user_id),
        nonce varchar(64) NOT NULL REFERENCES address_challenges(nonce),
        verified_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX linked_addresses_user_idx ON linked_addresses (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE linked_addresses`);
    await q.query(`DROP TABLE address_challenges`);
    await q.query(
      `ALTER TABLE wallet_accounts ADD CONSTRAINT wallet_accounts_held_within_balance CHECK (held <= balance)`,
    );
  }
}
