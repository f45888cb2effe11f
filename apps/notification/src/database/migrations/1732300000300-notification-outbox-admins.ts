import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables } from '@app/outbox';

/** The outbox (NotificationCreated → notification.events) and the admins learned from user.events. */
export class NotificationOutboxAdmins1732300000300 implements MigrationInterface {
  name = 'NotificationOutboxAdmins1732300000300';

  async up(q: QueryRunner): Promise<void> {
    await createOutboxTables(q);
    await q.query(`
      CREATE TABLE IF NOT EXISTS admins (
        user_id varchar(64) PRIMARY KEY,
        email varchar(254) NOT NULL,
        display_name varchar(100) NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS admins`);
    await q.query(`DROP TABLE IF EXISTS outbox`);
  }
}
