import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables } from '@app/outbox';

/**
 * The event-sourced saga store: `saga_events` is the source of truth (append-only, one row per event,
 * primary key (saga_id, seq) so a concurrent append at the same position fails); `sagas` is a
 * projection for listings, rebuilt from events when missing; `saga_timers` holds reply deadlines and
 * retry delays, polled with FOR UPDATE SKIP LOCKED.
 */
export class InitOrchestrator1732300000300 implements MigrationInterface {
  name = 'InitOrchestrator1732300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saga_events (
        saga_id varchar(255) NOT NULL,
        seq int NOT NULL CHECK (seq >= 1),
        type varchar(64) NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (saga_id, seq)
      )`);
    await q.query(`
      CREATE TABLE sagas (
        id varchar(255) PRIMARY KEY,
        type varchar(64) NOT NULL,
        version int NOT NULL,
        status varchar(32) NOT NULL,
        step varchar(64),
        correlation_id varchar(255) NOT NULL,
        data jsonb NOT NULL,
        failure jsonb,
        seq int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sagas_type_status_idx ON sagas (type, status, created_at DESC)`);
    await q.query(`CREATE INDEX sagas_status_idx ON sagas (status, created_at DESC)`);
    await q.query(`CREATE INDEX sagas_created_idx ON sagas (created_at DESC)`);
    await q.query(`
      CREATE TABLE saga_timers (
        timer_id varchar(255) PRIMARY KEY,
        saga_id varchar(255) NOT NULL,
        due_at timestamptz NOT NULL,
        fire_attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX saga_timers_due_idx ON saga_timers (due_at)`);
    await q.query(`CREATE INDEX saga_timers_saga_idx ON saga_timers (saga_id)`);
    await createOutboxTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saga_timers`);
    await q.query(`DROP TABLE sagas`);
    await q.query(`DROP TABLE saga_events`);
  }
}
