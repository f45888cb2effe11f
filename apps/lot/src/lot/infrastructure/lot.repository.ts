import type { EntityManager } from 'typeorm';
import { LotErrors } from '../domain/lot.errors';
import { LOT_COLUMNS, LotRow } from './lot.rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lot ids are UUIDs: anything else names no lot (and must not reach a uuid column). */
export const isLotId = (id: string): boolean => UUID.test(id);

/** Reads one lot, or undefined (an id that is not a UUID cannot exist). `lock` takes the row lock. */
export async function findLot(
  manager: Pick<EntityManager, 'query'>,
  lotId: string,
  lock = false,
): Promise<LotRow | undefined> {
  if (!isLotId(lotId)) return undefined;
  const rows: LotRow[] = await manager.query(
    `SELECT ${LOT_COLUMNS} FROM lots WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [lotId],
  );
  return rows[0];
}

export async function getLot(manager: Pick<EntityManager, 'query'>, lotId: string): Promise<LotRow> {
  const row = await findLot(manager, lotId);
  if (!row) throw LotErrors.notFound(lotId);
  return row;
}

export type SaleSettlement = { status: 'COMPLETED' } | { status: 'FAILED'; code: string; reason: string };

/** Records how a SOLD lot's sale ended (row locked by the caller); returns when, by the database clock. */
export async function settleSale(
  manager: Pick<EntityManager, 'query'>,
  lotId: string,
  orderId: string,
  s: SaleSettlement,
): Promise<Date> {
  const failure = s.status === 'FAILED' ? [s.code, s.reason] : [null, null];
  // TypeORM returns [rows, affected] for UPDATE ... RETURNING.
  const [rows] = (await manager.query(
    `UPDATE lots SET sale_status = $2, sale_order_id = $3, sale_failure_code = $4, sale_failure_reason = $5,
       sale_settled_at = clock_timestamp(), updated_at = now()
     WHERE id = $1 RETURNING sale_settled_at`,
    [lotId, s.status, orderId, ...failure],
  )) as [{ sale_settled_at: Date }[], number];
  return rows[0].sale_settled_at;
}
