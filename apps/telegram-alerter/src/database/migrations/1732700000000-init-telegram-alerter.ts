import { MigrationInterface, QueryRunner } from 'typeorm';
import { createInboxTable } from '@app/outbox';

export class InitTelegramAlerter1732700000000 implements MigrationInterface {
  name = 'InitTelegramAlerter1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscribers (
        chat_id bigint PRIMARY KEY,
        subscribed_at timestamptz NOT NULL DEFAULT now(),
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX subscribers_active_idx ON subscribers (chat_id) WHERE active`);
    await q.query(`
      CREATE TABLE known_lots (
        lot_id varchar(64) PRIMARY KEY,
        title text NOT NULL,
        start_price bigint NOT NULL,
        buy_now_price bigint,
        ends_at timestamptz NOT NULL,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX known_lots_open_idx ON known_lots (created_at DESC) WHERE closed_at IS NULL`);
    // The outbox of deliveries: one row per lot and chat, written with the lot in the consumer's transaction.
    await q.query(`
      CREATE TABLE deliveries (
        lot_id varchar(64) NOT NULL REFERENCES known_lots (lot_id),
        chat_id bigint NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        telegram_message_id bigint,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (lot_id, chat_id)
      )`);
    await q.query(
      `CREATE INDEX deliveries_pending_idx ON deliveries (next_attempt_at, created_at) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX deliveries_chat_pending_idx ON deliveries (chat_id) WHERE status = 'PENDING'`,
    );
    await createInboxTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deliveries`);
    await q.query(`DROP TABLE known_lots`);
    await q.query(`DROP TABLE subscribers`);
  }
}
