import { MigrationInterface, QueryRunner } from 'typeorm';

/** A bidder's lots (GET /bidders/:id/lots, the web's "My bids") without a scan of every bid. */
export class BidsByBidder1732600000300 implements MigrationInterface {
  name = 'BidsByBidder1732600000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS bids_bidder_idx ON bids (bidder_id, lot_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS bids_bidder_idx`);
  }
}
