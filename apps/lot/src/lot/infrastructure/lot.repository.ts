import type { EntityManager } from 'typeorm';
import { LotErrors } from '../domain/lot.errors';
import { LOT_COLUMNS, LotRow } from './lot.rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads one lot, or undefined (an id that is not a UUID cannot exist). `lock` takes the row lock. */
export async function findLot(manager: Pick<EntityManager, 'query'>, lotId: string, lock = false): Promise<LotRow | undefined> {
  if (!UUID.test(lotId)) return undefined;
  const rows: LotRow[] = await manager.query(`SELECT ${LOT_COLUMNS} FROM lots WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [lotId]);
  return rows[0];
}

export async function getLot(manager: Pick<EntityManager, 'query'>, lotId: string): Promise<LotRow> {
  const row = await findLot(manager, lotId);
  if (!row) throw LotErrors.notFound(lotId);
  return row;
}
