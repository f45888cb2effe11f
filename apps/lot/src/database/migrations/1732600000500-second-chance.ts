import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed sale's path (docs: apps/lot/README.md, "A failed sale"):
 * - `on_failed_sale`: the seller's choice when listing; lots listed before get the default
 *   (second chance, then closed unsold) — a constant default, so no table rewrite;
 * - the runner-up's second chance: to whom, how much, until when, how it was answered and how their order
 *   ended (`second_chance_*`); the clock expires due offers through a partial index;
 * - how the failed sale ended for good (`failed_sale_outcome`) and the relist link both ways.
 * Lots whose sale failed before this migration stay SALE_FAILED: no offer is made for them afterwards.
 */
export class SecondChance1732600000500 implements MigrationInterface {
  name = 'SecondChance1732600000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE lots
        ADD COLUMN on_failed_sale varchar(32) NOT NULL DEFAULT 'second_chance_then_close'
          CHECK (on_failed_sale IN ('second_chance_then_relist', 'second_chance_then_close', 'relist', 'close')),
        ADD COLUMN second_chance_status varchar(16)
          CHECK (second_chance_status IN ('OFFERED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'COMPLETED', 'FAILED')),
        ADD COLUMN second_chance_bidder_id varchar(64),
        ADD COLUMN second_chance_amount bigint,
        ADD COLUMN second_chance_offered_at timestamptz,
        ADD COLUMN second_chance_expires_at timestamptz,
        ADD COLUMN second_chance_answered_at timestamptz,
        ADD COLUMN second_chance_order_id varchar(64),
        ADD COLUMN second_chance_failure_code varchar(128),
        ADD COLUMN second_chance_failure_reason text,
        ADD COLUMN second_chance_settled_at timestamptz,
        ADD COLUMN failed_sale_outcome varchar(24)
          CHECK (failed_sale_outcome IN ('SOLD_TO_RUNNER_UP', 'RELISTED', 'CLOSED_UNSOLD')),
        ADD COLUMN relisted_as_lot_id uuid,
        ADD COLUMN relisted_from_lot_id uuid`);
    await q.query(`
      ALTER TABLE lots
        ADD CONSTRAINT lots_second_chance_after_failure
          CHECK (second_chance_status IS NULL OR sale_status = 'FAILED'),
        ADD CONSTRAINT lots_second_chance_offer_complete CHECK (
          (second_chance_status IS NULL) = (second_chance_bidder_id IS NULL)
          AND (second_chance_status IS NULL) = (second_chance_amount IS NULL)
          AND (second_chance_status IS NULL) = (second_chance_expires_at IS NULL)),
        ADD CONSTRAINT lots_failed_sale_outcome_after_failure
          CHECK (failed_sale_outcome IS NULL OR sale_status = 'FAILED'),
        ADD CONSTRAINT lots_relisted_has_link CHECK (COALESCE(failed_sale_outcome = 'RELISTED', false) = (relisted_as_lot_id IS NOT NULL))`);
    await q.query(
      `CREATE INDEX lots_second_chance_due_idx ON lots (second_chance_expires_at) WHERE second_chance_status = 'OFFERED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX lots_second_chance_due_idx`);
    await q.query(`
      ALTER TABLE lots
        DROP COLUMN relisted_from_lot_id,
        DROP COLUMN relisted_as_lot_id,
        DROP COLUMN failed_sale_outcome,
        DROP COLUMN second_chance_settled_at,
        DROP COLUMN second_chance_failure_reason,
        DROP COLUMN second_chance_failure_code,
        DROP COLUMN second_chance_order_id,
        DROP COLUMN second_chance_answered_at,
        DROP COLUMN second_chance_expires_at,
        DROP COLUMN second_chance_offered_at,
        DROP COLUMN second_chance_amount,
        DROP COLUMN second_chance_bidder_id,
        DROP COLUMN second_chance_status,
        DROP COLUMN on_failed_sale`);
  }
}
