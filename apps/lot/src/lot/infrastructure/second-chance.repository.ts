import type { EntityManager } from 'typeorm';
import type { DeliveryAddress } from '@app/contracts';
import type { FailedSaleOutcome, RunnerUp } from '../domain/second-chance';
import { LOT_COLUMNS, LotRow } from './lot.rows';

type Query = Pick<EntityManager, 'query'>;

/** TypeORM returns [rows, affected] for UPDATE … RETURNING. */
async function updateReturning(manager: Query, sql: string, params: unknown[]): Promise<LotRow> {
  const [rows] = (await manager.query(sql, params)) as [LotRow[], number];
  return rows[0];
}

/** The database's clock, the one every lot time is written with. */
export async function dbNow(manager: Query): Promise<Date> {
  const rows: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
  return rows[0].now;
}

/**
 * The highest bidder other than the winner, at their highest accepted bid (proxy bids placed for them
 * count: they were committed to them); the earlier of two equal bids. Null when nobody else bid.
 */
export async function findRunnerUp(
  manager: Query,
  lotId: string,
  winnerId: string,
): Promise<RunnerUp | null> {
  const rows: { bidder_id: string; amount: string }[] = await manager.query(
    `SELECT bidder_id, amount FROM bids WHERE lot_id = $1 AND bidder_id <> $2
     ORDER BY amount DESC, placed_at ASC LIMIT 1`,
    [lotId, winnerId],
  );
  return rows[0] ? { bidderId: rows[0].bidder_id, amount: BigInt(rows[0].amount) } : null;
}

/** The address a bidder gave with their latest bid on the lot that had one. */
export async function bidderAddress(
  manager: Query,
  lotId: string,
  bidderId: string,
): Promise<DeliveryAddress | undefined> {
  const rows: { address: DeliveryAddress }[] = await manager.query(
    `SELECT address FROM bids WHERE lot_id = $1 AND bidder_id = $2 AND address IS NOT NULL AND NOT proxy
     ORDER BY placed_at DESC LIMIT 1`,
    [lotId, bidderId],
  );
  return rows[0]?.address;
}

export function recordOffer(
  manager: Query,
  lotId: string,
  offer: { bidderId: string; amount: bigint; expiresAt: Date },
  now: Date,
): Promise<LotRow> {
  return updateReturning(
    manager,
    `UPDATE lots SET second_chance_status = 'OFFERED', second_chance_bidder_id = $2, second_chance_amount = $3,
       second_chance_offered_at = $4, second_chance_expires_at = $5, updated_at = now()
     WHERE id = $1 RETURNING ${LOT_COLUMNS}`,
    [lotId, offer.bidderId, offer.amount.toString(), now, offer.expiresAt],
  );
}

/** The runner-up answered, or the offer expired (ACCEPTED, DECLINED, EXPIRED). */
export function recordAnswer(
  manager: Query,
  lotId: string,
  status: 'ACCEPTED' | 'DECLINED' | 'EXPIRED',
  at: Date,
): Promise<LotRow> {
  return updateReturning(
    manager,
    `UPDATE lots SET second_chance_status = $2, second_chance_answered_at = $3, updated_at = now()
     WHERE id = $1 RETURNING ${LOT_COLUMNS}`,
    [lotId, status, at],
  );
}

/** How the runner-up's order ended; a completed one sells the lot to them. */
export function settleSecondChance(
  manager: Query,
  lotId: string,
  orderId: string,
  s: { status: 'COMPLETED' } | { status: 'FAILED'; code: string; reason: string },
  at: Date,
): Promise<LotRow> {
  const failure = s.status === 'FAILED' ? [s.code, s.reason] : [null, null];
  return updateReturning(
    manager,
    `UPDATE lots SET second_chance_status = $2, second_chance_order_id = $3, second_chance_failure_code = $4,
       second_chance_failure_reason = $5, second_chance_settled_at = $6,
       failed_sale_outcome = COALESCE($7, failed_sale_outcome),
       updated_at = now()
     WHERE id = $1 RETURNING ${LOT_COLUMNS}`,
    [lotId, s.status, orderId, ...failure, at, s.status === 'COMPLETED' ? 'SOLD_TO_RUNNER_UP' : null],
  );
}

/** How the failed sale ended for good (RELISTED names the new lot). */
export function recordFailedSaleOutcome(
  manager: Query,
  lotId: string,
  outcome: Exclude<FailedSaleOutcome, 'SOLD_TO_RUNNER_UP'>,
  relistedAsLotId: string | null,
): Promise<LotRow> {
  return updateReturning(
    manager,
    `UPDATE lots SET failed_sale_outcome = $2, relisted_as_lot_id = $3, updated_at = now()
     WHERE id = $1 RETURNING ${LOT_COLUMNS}`,
    [lotId, outcome, relistedAsLotId],
  );
}

/** Offers due for expiry, locked; rows another instance is deciding are skipped. */
export function lockDueOffers(manager: Query, limit: number): Promise<(LotRow & { db_now: Date })[]> {
  return manager.query(
    `SELECT ${LOT_COLUMNS}, clock_timestamp() AS db_now FROM lots
     WHERE second_chance_status = 'OFFERED' AND second_chance_expires_at <= clock_timestamp()
     ORDER BY second_chance_expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}
