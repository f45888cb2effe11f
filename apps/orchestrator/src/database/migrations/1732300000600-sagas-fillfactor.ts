import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every decision of a saga rewrites its `sagas` row (step, seq, data, attempt), and its status, type and
 * creation time (what the indexes cover) change only at its start and end. Such an update is HOT (no new
 * entry in any of the five indexes) only when the row's page has room for the new version; at the default
 * fillfactor of 100 the page being filled with new sagas had none, and two updates in three wrote five
 * index entries each. Pages filled to 60 % leave room for the versions of the sagas they hold (a row is
 * ≈ 600 bytes; pruning reclaims the dead ones when the page is read). Only pages written from now on are
 * affected; a table rewrite (VACUUM FULL) would apply it to the old ones, which are no longer updated.
 */
export class SagasFillfactor1732300000600 implements MigrationInterface {
  name = 'SagasFillfactor1732300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sagas SET (fillfactor = 60)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sagas RESET (fillfactor)`);
  }
}
