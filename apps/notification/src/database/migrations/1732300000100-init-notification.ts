import { MigrationInterface, QueryRunner } from 'typeorm';
import { createInboxTable } from '@app/outbox';

export class InitNotification1732300000100 implements MigrationInterface {
  name = 'InitNotification1732300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        user_id varchar(64) NOT NULL,
        kind varchar(64) NOT NULL,
        title varchar(200) NOT NULL,
        body text NOT NULL,
        data jsonb NOT NULL,
        source_message_id varchar(255) NOT NULL,
        correlation_id varchar(255),
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, source_message_id)
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await createInboxTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
