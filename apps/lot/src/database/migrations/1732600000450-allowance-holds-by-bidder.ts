import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bidder's allowance holds on a lot, released ones included: `GET /lots/:id/allowance` (and the long poll
 * behind `PUT`) lists them all, which the partial index on active holds cannot serve, so every call scanned
 * the table (1 ms at 8,000 rows, growing with every allowance ever granted). One full index on
 * (lot_id, bidder_id) serves that read and the active-hold lookups alike, so it replaces the partial one.
 */
export class AllowanceHoldsByBidder1732600000450 implements MigrationInterface {
  name = 'AllowanceHoldsByBidder1732600000450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX allowance_holds_lot_bidder ON allowance_holds (lot_id, bidder_id)`);
    await q.query(`DROP INDEX allowance_holds_active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX allowance_holds_active ON allowance_holds (lot_id, bidder_id) WHERE released_at IS NULL`,
    );
    await q.query(`DROP INDEX allowance_holds_lot_bidder`);
  }
}
