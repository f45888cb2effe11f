import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bid desk (one durable decision per bid, issue 15):
 * - `bid_decisions`: every final answer to a bid id (accepted or rejected), so a retry with the same
 *   Idempotency-Key gets the same answer;
 * - `allowances` / `allowance_holds`: the money the wallet holds for a bidder on a lot. The allowance is
 *   the sum of the granted holds the lot has not released; a released hold is never granted again;
 * - `bids.address`: where the item goes if that bid wins (the winner's order reads it from AuctionClosed).
 */
export class BidDesk1732600000200 implements MigrationInterface {
  name = 'BidDesk1732600000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bid_decisions (
        bid_id varchar(200) PRIMARY KEY,
        lot_id varchar(64) NOT NULL,
        bidder_id varchar(64) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('ACCEPTED', 'REJECTED')),
        amount bigint NOT NULL,
        code varchar(64),
        reason text,
        details jsonb,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE allowances (
        lot_id varchar(64) NOT NULL,
        bidder_id varchar(64) NOT NULL,
        amount bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
        keep_when_outbid boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (lot_id, bidder_id)
      )`);
    await q.query(`
      CREATE TABLE allowance_holds (
        hold_id varchar(255) PRIMARY KEY,
        lot_id varchar(64) NOT NULL,
        bidder_id varchar(64) NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        granted_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        release_reason varchar(32)
      )`);
    await q.query(
      `CREATE INDEX allowance_holds_active ON allowance_holds (lot_id, bidder_id) WHERE released_at IS NULL`,
    );
    await q.query(`ALTER TABLE bids ADD COLUMN address jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bids DROP COLUMN address`);
    await q.query(`DROP TABLE allowance_holds`);
    await q.query(`DROP TABLE allowances`);
    await q.query(`DROP TABLE bid_decisions`);
  }
}
