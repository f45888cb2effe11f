import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcome of a SOLD lot's sale, as the winner's order ended: PENDING from the close until the
 * order's OrderCompleted (COMPLETED) or OrderCancelled (FAILED, with the order's code and reason).
 * Nullable columns (no table rewrite); lots sold before this migration start PENDING.
 */
export class LotSaleOutcome1732600000100 implements MigrationInterface {
  name = 'LotSaleOutcome1732600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE lots
        ADD COLUMN sale_status varchar(16) CHECK (sale_status IN ('PENDING', 'COMPLETED', 'FAILED')),
        ADD COLUMN sale_order_id varchar(64),
        ADD COLUMN sale_failure_code varchar(128),
        ADD COLUMN sale_failure_reason text,
        ADD COLUMN sale_settled_at timestamptz`);
    await q.query(`UPDATE lots SET sale_status = 'PENDING' WHERE outcome = 'SOLD' AND sale_status IS NULL`);
    await q.query(`
      ALTER TABLE lots
        ADD CONSTRAINT lots_sale_only_when_sold CHECK (sale_status IS NULL OR outcome = 'SOLD'),
        ADD CONSTRAINT lots_sale_failure_when_failed CHECK (COALESCE(sale_status = 'FAILED', false) = (sale_failure_code IS NOT NULL)),
        ADD CONSTRAINT lots_sale_settled_when_settled
          CHECK (COALESCE(sale_status IN ('COMPLETED', 'FAILED'), false) = (sale_settled_at IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE lots
        DROP COLUMN sale_settled_at,
        DROP COLUMN sale_failure_reason,
        DROP COLUMN sale_failure_code,
        DROP COLUMN sale_order_id,
        DROP COLUMN sale_status`);
  }
}
