import { MigrationInterface, QueryRunner } from 'typeorm';
import { createParticipantTables } from '@app/outbox';

/** Holds placed by sagas, captures (money that left wallets), and the participant's command log. */
export class WalletHolds1732300000200 implements MigrationInterface {
  name = 'WalletHolds1732300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE holds (
        id uuid PRIMARY KEY,
        user_id varchar(64) NOT NULL REFERENCES wallet_accounts(user_id),
        amount bigint NOT NULL CHECK (amount > 0),
        reference varchar(255) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'CAPTURED')),
        command_id varchar(255) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX holds_user_status_idx ON holds (user_id, status, created_at)`);
    await q.query(`
      CREATE TABLE captures (
        id uuid PRIMARY KEY,
        hold_id uuid NOT NULL UNIQUE REFERENCES holds(id),
        user_id varchar(64) NOT NULL REFERENCES wallet_accounts(user_id),
        amount bigint NOT NULL CHECK (amount > 0),
        reference varchar(255) NOT NULL,
        command_id varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX captures_user_idx ON captures (user_id, created_at)`);
    // The last line of defence for "holds never overdraw": held can never exceed the balance.
    await q.query(
      `ALTER TABLE wallet_accounts ADD CONSTRAINT wallet_accounts_held_within_balance CHECK (held <= balance)`,
    );
    await createParticipantTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS command_tombstones`);
    await q.query(`DROP TABLE IF EXISTS command_log`);
    await q.query(
      `ALTER TABLE wallet_accounts DROP CONSTRAINT IF EXISTS wallet_accounts_held_within_balance`,
    );
    await q.query(`DROP TABLE captures`);
    await q.query(`DROP TABLE holds`);
  }
}
