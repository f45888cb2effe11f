import { Injectable } from '@nestjs/common';
import type { SagaState, SagaStatus } from '@app/saga';
import { currentStep } from '../domain/saga-step';
import { Queryable } from './saga-event.store';

export interface SagaRow {
  id: string;
  type: string;
  version: number;
  status: SagaStatus;
  step: string | null;
  correlationId: string;
  data: object;
  failure: { reason: string; code: string } | null;
  seq: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SagaFilter {
  type?: string;
  status?: SagaStatus;
  limit: number;
  offset: number;
}

const COLUMNS = `id, type, version, status, step, correlation_id AS "correlationId", data, failure, seq,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * The `sagas` table: one row per saga, the fold of its events, for listings and quick reads. It is
 * written in the same transaction as the events, and its row is the per-saga lock every decision takes.
 */
@Injectable()
export class SagaProjection {
  /** Locks the saga's row for this transaction; false when there is none. */
  async lock(db: Queryable, sagaId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT id FROM sagas WHERE id = $1 FOR UPDATE`, [sagaId]);
    return rows.length === 1;
  }

  /** Inserts (start, or rebuild of a lost row) or updates the row from the state after a decision. */
  async save(db: Queryable, state: SagaState, at: Date): Promise<void> {
    await db.query(
      `INSERT INTO sagas (id, type, version, status, step, correlation_id, data, failure, seq, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, step = EXCLUDED.step, data = EXCLUDED.data,
         failure = EXCLUDED.failure, seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at`,
      [
        state.sagaId,
        state.sagaType,
        state.version,
        state.status,
        currentStep(state),
        state.correlationId,
        JSON.stringify(state.data),
        state.failure ? JSON.stringify(state.failure) : null,
        state.seq,
        at,
      ],
    );
  }

  async find(db: Queryable, sagaId: string): Promise<SagaRow | undefined> {
    const rows: SagaRow[] = await db.query(`SELECT ${COLUMNS} FROM sagas WHERE id = $1`, [sagaId]);
    return rows[0];
  }

  async list(db: Queryable, filter: SagaFilter): Promise<{ items: SagaRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.type) where.push(`type = $${params.push(filter.type)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [items, count] = await Promise.all([
      db.query(
        `SELECT ${COLUMNS} FROM sagas ${clause} ORDER BY created_at DESC, id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      ) as Promise<SagaRow[]>,
      db.query(`SELECT count(*)::int AS n FROM sagas ${clause}`, params) as Promise<{ n: number }[]>,
    ]);
    return { items, total: count[0]?.n ?? 0 };
  }

  /** Live sagas with no pending timer: nothing would ever move them (should be none). */
  async stalled(db: Queryable, limit: number): Promise<Pick<SagaRow, 'id' | 'type' | 'status' | 'step'>[]> {
    return db.query(
      `SELECT id, type, status, step FROM sagas s
       WHERE s.status IN ('RUNNING', 'COMPENSATING')
         AND NOT EXISTS (SELECT 1 FROM saga_timers t WHERE t.saga_id = s.id)
       ORDER BY s.updated_at LIMIT $1`,
      [limit],
    );
  }
}
