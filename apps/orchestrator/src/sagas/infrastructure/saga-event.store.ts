import { Injectable } from '@nestjs/common';
import { preparedQuery } from '@app/common';
import type { EntityManager } from 'typeorm';
import type { SagaEvent } from '@app/saga';

export type Queryable = Pick<EntityManager, 'query'>;

/** Who or what caused an event; stored with it (saga_events.metadata). */
export interface SagaEventMetadata {
  input: string;
  correlationId: string;
  causationId?: string;
  actor: 'http' | 'reply' | 'timer' | 'operator';
  by?: string;
  /** W3C trace context of what caused it (absent on events recorded before it was kept). */
  traceparent?: string;
}

export interface StoredSagaEvent {
  seq: number;
  event: SagaEvent;
  metadata: SagaEventMetadata;
  at: Date;
}

interface EventRow {
  seq: number;
  type: SagaEvent['type'];
  data: SagaEvent['data'];
  metadata: SagaEventMetadata;
  at: Date;
}

/**
 * The append-only event stream of each saga (`saga_events`, primary key (saga_id, seq)). An append
 * writes at `expectedSeq + 1 …`: if another writer got there first the insert fails with a unique
 * violation, the transaction rolls back and the caller reloads and decides again.
 */
@Injectable()
export class SagaEventStore {
  async load(db: Queryable, sagaId: string): Promise<StoredSagaEvent[]> {
    const rows: EventRow[] = await db.query(
      `SELECT seq, type, data, metadata, at FROM saga_events WHERE saga_id = $1 ORDER BY seq`,
      [sagaId],
    );
    // The stream was written by `append` from the engine's own events, so the row shape is trusted.
    return rows.map((r) => ({
      seq: r.seq,
      event: { type: r.type, data: r.data } as SagaEvent,
      metadata: r.metadata,
      at: r.at,
    }));
  }

  /** The streams of several sagas at once, by saga id (sagas without events are absent). */
  async loadMany(db: Queryable, sagaIds: readonly string[]): Promise<Map<string, StoredSagaEvent[]>> {
    const out = new Map<string, StoredSagaEvent[]>();
    if (sagaIds.length === 0) return out;
    const rows: (EventRow & { saga_id: string })[] = await db.query(
      `SELECT saga_id, seq, type, data, metadata, at FROM saga_events WHERE saga_id = ANY($1) ORDER BY saga_id, seq`,
      [sagaIds],
    );
    for (const r of rows) {
      const list = out.get(r.saga_id) ?? [];
      list.push({
        seq: r.seq,
        event: { type: r.type, data: r.data } as SagaEvent,
        metadata: r.metadata,
        at: r.at,
      });
      out.set(r.saga_id, list);
    }
    return out;
  }

  /**
   * Appends events of one or more sagas in one statement; each row names its seq (`expectedSeq + 1 …` of
   * its saga), so a concurrent writer that got there first makes it fail with a unique violation.
   */
  async appendRows(
    db: EntityManager,
    rows: readonly { sagaId: string; seq: number; event: SagaEvent; metadata: SagaEventMetadata; at: Date }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await preparedQuery(
      db,
      'orchestrator_saga_events_append',
      `INSERT INTO saga_events (saga_id, seq, type, data, metadata, at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::jsonb[], $6::timestamptz[])`,
      [
        rows.map((r) => r.sagaId),
        rows.map((r) => r.seq),
        rows.map((r) => r.event.type),
        rows.map((r) => JSON.stringify(r.event.data)),
        rows.map((r) => JSON.stringify(r.metadata)),
        rows.map((r) => r.at),
      ],
    );
  }
}

/** PostgreSQL unique_violation: a concurrent append (or start) won the race. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/**
 * Runs `transaction` again (up to `attempts` in all) while it fails on a lost race: the next attempt finds
 * the winner's saga. Any other error, or the last attempt's, is thrown.
 */
export async function retryingLostRaces<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= attempts) throw e;
    }
  }
}
