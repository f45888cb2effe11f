import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, createParticipantTables } from '@app/outbox';

export class InitLot1732600000000 implements MigrationInterface {
  name = 'InitLot1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lots (
        id uuid PRIMARY KEY,
        seller_id varchar(64) NOT NULL,
        title varchar(200) NOT NULL,
        description text NOT NULL,
        sku varchar(64) NOT NULL,
        start_price bigint NOT NULL CHECK (start_price >= 0),
        increment_kind varchar(16) NOT NULL CHECK (increment_kind IN ('absolute', 'percent')),
        -- minor units for 'absolute', basis points (1% = 100) for 'percent'
        increment_value bigint NOT NULL CHECK (increment_value > 0),
        reserve_price bigint,
        buy_now_price bigint,
        ends_at timestamptz NOT NULL,
        soft_close_window_s integer NOT NULL,
        soft_close_extension_s integer NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        current_price bigint,
        leader_id varchar(64),
        leader_bid_id varchar(255),
        leader_hold_id varchar(255),
        leader_max bigint,
        bid_count integer NOT NULL DEFAULT 0,
        outcome varchar(16) CHECK (outcome IN ('SOLD', 'UNSOLD')),
        close_reason varchar(32),
        buy_now boolean NOT NULL DEFAULT false,
        closed_at timestamptz,
        photo_type varchar(32),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lots_closed_has_outcome CHECK ((status = 'OPEN') = (outcome IS NULL))
      )`);
    await q.query(`CREATE INDEX lots_open_ends_at_idx ON lots (ends_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX lots_seller_idx ON lots (seller_id, created_at DESC)`);
    await q.query(`CREATE INDEX lots_created_idx ON lots (created_at DESC)`);
    await q.query(`
      CREATE TABLE bids (
        id varchar(255) PRIMARY KEY,
        lot_id uuid NOT NULL REFERENCES lots(id),
        bidder_id varchar(64) NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        max_amount bigint,
        hold_id varchar(255),
        proxy boolean NOT NULL DEFAULT false,
        placed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX bids_lot_idx ON bids (lot_id, placed_at DESC)`);
    await createOutboxTables(q);
    await createParticipantTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bids`);
    await q.query(`DROP TABLE lots`);
  }
}
