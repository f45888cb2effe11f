import type { QueryRunner } from 'typeorm';

/** DDL shared by every service's own migration (each service still owns and runs its migration). */
export async function createOutboxTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE IF NOT EXISTS outbox (
      id uuid PRIMARY KEY,
      aggregatetype varchar(255) NOT NULL,
      aggregateid varchar(255) NOT NULL,
      type varchar(255) NOT NULL,
      payload jsonb NOT NULL,
      correlation_id varchar(255),
      causation_id varchar(255),
      saga_id varchar(255),
      traceparent varchar(255),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`CREATE INDEX IF NOT EXISTS outbox_created_at_idx ON outbox (created_at)`);
  await createInboxTable(queryRunner);
}

export async function createInboxTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE IF NOT EXISTS processed_messages (
      consumer varchar(128) NOT NULL,
      message_id varchar(255) NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`);
}

export async function dropOutboxTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE IF EXISTS processed_messages`);
  await queryRunner.query(`DROP TABLE IF EXISTS outbox`);
}

/** A saga participant's command log (one reply per commandId) and compensation tombstones. */
export async function createParticipantTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE IF NOT EXISTS command_log (
      command_id varchar(255) PRIMARY KEY,
      type varchar(255) NOT NULL,
      saga_id varchar(255) NOT NULL,
      reply jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`
    CREATE TABLE IF NOT EXISTS command_tombstones (
      forward_command_id varchar(255) PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}
