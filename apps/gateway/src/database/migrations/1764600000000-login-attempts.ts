import { MigrationInterface, QueryRunner } from 'typeorm';

/** Login attempts per key (sha-256 of client IP + email), one fixed window each: shared by the replicas. */
export class LoginAttempts1764600000000 implements MigrationInterface {
  name = 'LoginAttempts1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_attempts (
        key_hash char(64) PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        count integer NOT NULL
      )`);
    await q.query(`CREATE INDEX login_attempts_window_idx ON login_attempts (window_started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_attempts`);
  }
}
