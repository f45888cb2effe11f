import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, createParticipantTables } from '@app/outbox';

export class InitWarehouse1732400000000 implements MigrationInterface {
  name = 'InitWarehouse1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE items (
        sku varchar(64) PRIMARY KEY,
        title varchar(200) NOT NULL,
        seller_id varchar(64) NOT NULL,
        on_hand integer NOT NULL CHECK (on_hand >= 0),
        reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT items_reserved_within_on_hand CHECK (reserved <= on_hand)
      )`);
    await q.query(`CREATE INDEX items_seller_idx ON items (seller_id, sku)`);
    await q.query(`
      CREATE TABLE reservations (
        id uuid PRIMARY KEY,
        order_id varchar(255) NOT NULL,
        sku varchar(64) NOT NULL REFERENCES items(sku),
        quantity integer NOT NULL CHECK (quantity > 0),
        status varchar(16) NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'SHIPPED')),
        command_id varchar(255) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reservations_order_idx ON reservations (order_id)`);
    await q.query(`CREATE INDEX reservations_active_sku_idx ON reservations (sku) WHERE status = 'ACTIVE'`);
    await createOutboxTables(q);
    await createParticipantTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reservations`);
    await q.query(`DROP TABLE items`);
  }
}
