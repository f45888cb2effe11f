import { Injectable } from '@nestjs/common';
import { preparedQuery } from '@app/common';
import type { EntityManager } from 'typeorm';
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
  /** Attempt number of the awaited command (null: none awaited). */
  attempt: number | null;
  /** Why the awaited command's last attempt did not complete (a timeout, a refusal). */
  lastError: string | null;
  incident: SagaIncidentRow | null;
}

/** An open incident: `attempts` when it was raised (the saga keeps trying: see `attempt`). */
export interface SagaIncidentRow {
  step: string;
  phase: 'forward' | 'compensation';
  commandId: string;
  attempts: number;
  reason: string;
  since: Date;
}

export interface SagaFilter {
  type?: string;
  status?: SagaStatus;
  /** open: only sagas with an open incident, the newest incident first. */
  incident?: 'open';
  limit: number;
  offset: number;
}

const COLUMNS = `id, type, version, status, step, correlation_id AS "correlationId", data, failure, seq,
  created_at AS "createdAt", updated_at AS "updatedAt", attempt, last_error AS "lastError",
  incident_step, incident_phase, incident_command_id, incident_attempts, incident_reason, incident_since`;

interface SelectedRow extends Omit<SagaRow, 'incident'> {
  incident_step: string | null;
  incident_phase: 'forward' | 'compensation' | null;
  incident_command_id: string | null;
  incident_attempts: number | null;
  incident_reason: string | null;
  incident_since: Date | null;
}

function toRow({
  incident_step,
  incident_phase,
  incident_command_id,
  incident_attempts,
  incident_reason,
  incident_since,
  ...rest
}: SelectedRow): SagaRow {
  const incident =
    incident_since && incident_step && incident_phase && incident_command_id
      ? {
          step: incident_step,
          phase: incident_phase,
          commandId: incident_command_id,
          attempts: incident_attempts ?? 0,
          reason: incident_reason ?? '',
          since: incident_since,
        }
      : null;
  return { ...rest, incident };
}

/** The ops columns of a state: the awaited command's attempt and last error, and the open incident. */
export function opsColumns(state: SagaState): {
  attempt: number | null;
  lastError: string | null;
  incident: SagaIncidentRow | null;
} {
  const { outstanding, incident } = state;
  return {
    attempt: outstanding?.attempt ?? null,
    lastError: outstanding?.lastError ?? null,
    incident: incident && {
      step: incident.step,
      phase: incident.phase,
      commandId: incident.commandId,
      attempts: incident.attempts,
      reason: incident.reason,
      since: new Date(incident.raisedAt),
    },
  };
}

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
  save(db: EntityManager, state: SagaState, at: Date): Promise<void> {
    return this.saveMany(db, [{ state, at }]);
  }

  /** `save` for several sagas in one statement (one entry per saga). */
  async saveMany(db: EntityManager, rows: readonly { state: SagaState; at: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = rows.map(({ state, at }) => {
      const { attempt, lastError, incident } = opsColumns(state);
      return [
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
        attempt,
        lastError,
        incident?.step ?? null,
        incident?.phase ?? null,
        incident?.commandId ?? null,
        incident?.attempts ?? null,
        incident?.reason ?? null,
        incident?.since ?? null,
      ];
    });
    const types = [
      'text',
      'text',
      'int',
      'text',
      'text',
      'text',
      'jsonb',
      'jsonb',
      'int',
      'timestamptz',
      'int',
      'text',
      'text',
      'text',
      'text',
      'int',
      'text',
      'timestamptz',
    ];
    await preparedQuery(
      db,
      'orchestrator_sagas_upsert',
      `INSERT INTO sagas (id, type, version, status, step, correlation_id, data, failure, seq, created_at,
         attempt, last_error, incident_step, incident_phase, incident_command_id, incident_attempts, incident_reason,
         incident_since, updated_at)
       SELECT *, t.created_at FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
         AS t(id, type, version, status, step, correlation_id, data, failure, seq, created_at, attempt, last_error,
              incident_step, incident_phase, incident_command_id, incident_attempts, incident_reason, incident_since)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, step = EXCLUDED.step, data = EXCLUDED.data,
         failure = EXCLUDED.failure, seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at,
         attempt = EXCLUDED.attempt, last_error = EXCLUDED.last_error, incident_step = EXCLUDED.incident_step,
         incident_phase = EXCLUDED.incident_phase, incident_command_id = EXCLUDED.incident_command_id,
         incident_attempts = EXCLUDED.incident_attempts, incident_reason = EXCLUDED.incident_reason,
         incident_since = EXCLUDED.incident_since`,
      types.map((_, i) => columns.map((c) => c[i])),
    );
  }

  /** Locks the rows of these sagas in id order (a fixed order: no deadlock between batches); returns id → seq. */
  async lockMany(db: EntityManager, sagaIds: readonly string[]): Promise<Map<string, number>> {
    if (sagaIds.length === 0) return new Map();
    const { rows } = await preparedQuery<{ id: string; seq: number }>(
      db,
      'orchestrator_sagas_lock',
      `SELECT id, seq FROM sagas WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
      [sagaIds],
    );
    return new Map(rows.map((r) => [r.id, r.seq]));
  }

  async find(db: Queryable, sagaId: string): Promise<SagaRow | undefined> {
    const rows: SelectedRow[] = await db.query(`SELECT ${COLUMNS} FROM sagas WHERE id = $1`, [sagaId]);
    return rows[0] && toRow(rows[0]);
  }

  async list(db: Queryable, filter: SagaFilter): Promise<{ items: SagaRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.type) where.push(`type = $${params.push(filter.type)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.incident === 'open') where.push(`incident_since IS NOT NULL`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.incident === 'open' ? 'incident_since DESC, id' : 'created_at DESC, id';
    const [items, count] = await Promise.all([
      db.query(
        `SELECT ${COLUMNS} FROM sagas ${clause} ORDER BY ${order}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      ) as Promise<SelectedRow[]>,
      db.query(`SELECT count(*)::int AS n FROM sagas ${clause}`, params) as Promise<{ n: number }[]>,
    ]);
    return { items: items.map(toRow), total: count[0]?.n ?? 0 };
  }

  /** Open incidents per saga type (for the gauge read at scrape time; served by sagas_incident_idx). */
  async openIncidents(db: Queryable): Promise<{ type: string; n: number }[]> {
    return db.query(
      `SELECT type, count(*)::int AS n FROM sagas WHERE incident_since IS NOT NULL GROUP BY type`,
    );
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
