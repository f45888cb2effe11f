import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `sagas` projection learns what ops look at: the awaited command's attempt and last error, and the
 * open incident (a command unanswered for `incidentAfterAttempts` attempts; the saga keeps retrying).
 * Every column is nullable and filled by the next decision of each saga (existing rows: NULL = none).
 * The partial index serves `GET /sagas?incident=open` (newest first) and the open-incidents gauge.
 */
export class SagaIncidents1732300000500 implements MigrationInterface {
  name = 'SagaIncidents1732300000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sagas
        ADD COLUMN attempt int,
        ADD COLUMN last_error text,
        ADD COLUMN incident_step varchar(64),
        ADD COLUMN incident_phase varchar(16),
        ADD COLUMN incident_command_id varchar(255),
        ADD COLUMN incident_attempts int,
        ADD COLUMN incident_reason text,
        ADD COLUMN incident_since timestamptz`);
    await q.query(
      `CREATE INDEX sagas_incident_idx ON sagas (incident_since DESC, id) WHERE incident_since IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sagas_incident_idx`);
    await q.query(`
      ALTER TABLE sagas
        DROP COLUMN attempt, DROP COLUMN last_error, DROP COLUMN incident_step, DROP COLUMN incident_phase,
        DROP COLUMN incident_command_id, DROP COLUMN incident_attempts, DROP COLUMN incident_reason,
        DROP COLUMN incident_since`);
  }
}
