import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, createParticipantTables, dropOutboxTables } from '@app/outbox';

export class InitPayment1732300000300 implements MigrationInterface {
  name = 'InitPayment1732300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        order_id varchar(255) NOT NULL UNIQUE,
        buyer_id varchar(64) NOT NULL,
        seller_id varchar(64) NOT NULL,
        hold_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        status varchar(16) NOT NULL CHECK (status IN ('CHARGED', 'REFUNDED', 'DECLINED')),
        reason varchar(500),
        charge_command_id varchar(255) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX payments_buyer_idx ON payments (buyer_id, created_at)`);
    await createOutboxTables(q);
    await createParticipantTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS command_tombstones`);
    await q.query(`DROP TABLE IF EXISTS command_log`);
    await dropOutboxTables(q);
    await q.query(`DROP TABLE payments`);
  }
}
