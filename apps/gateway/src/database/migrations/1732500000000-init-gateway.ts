import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables } from '@app/outbox';

export class InitGateway1732500000000 implements MigrationInterface {
  name = 'InitGateway1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id varchar(64) PRIMARY KEY,
        email varchar(254) NOT NULL,
        display_name varchar(100) NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['buyer', 'seller', 'admin']::text[]),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_lower CHECK (email = lower(email))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_idx ON users (email)`);
    await createOutboxTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users`);
  }
}
