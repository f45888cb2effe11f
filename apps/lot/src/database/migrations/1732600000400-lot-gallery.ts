import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lot's gallery: besides its cover photo (`photo_type`), up to seven more photos, kept as their ids in
 * upload order. A column with a constant default (no table rewrite); the photos' bytes are in the photo store.
 */
export class LotGallery1732600000400 implements MigrationInterface {
  name = 'LotGallery1732600000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE lots
        ADD COLUMN photo_ids text[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT lots_photo_ids_max CHECK (cardinality(photo_ids) <= 7)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lots DROP CONSTRAINT lots_photo_ids_max, DROP COLUMN photo_ids`);
  }
}
