import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables } from '@app/outbox';

export class InitWallet1732300000000 implements MigrationInterface {
  name = 'InitWallet1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wallet_accounts (
        user_id varchar(64) PRIMARY KEY,
        currency char(3) NOT NULL,
        balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
        held bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE deposits (
        id uuid PRIMARY KEY,
        user_id varchar(64) NOT NULL REFERENCES wallet_accounts(user_id),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        idempotency_key varchar(128),
        balance_after bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX deposits_idempotency_idx ON deposits (user_id, idempotency_key)
       WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX deposits_user_idx ON deposits (user_id, created_at)`);
    await createOutboxTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deposits`);
    await q.query(`DROP TABLE wallet_accounts`);
  }
}
