import { Injectable } from '@nestjs/common';
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

  async append(
    db: Queryable,
    sagaId: string,
    expectedSeq: number,
    events: readonly SagaEvent[],
    metadata: SagaEventMetadata,
    at: Date,
  ): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      const b = values.length;
      values.push(
        sagaId,
        expectedSeq + i + 1,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(metadata),
        at,
      );
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
    });
    await db.query(
      `INSERT INTO saga_events (saga_id, seq, type, data, metadata, at) VALUES ${rows.join(', ')}`,
      values,
    );
  }
}

/** PostgreSQL unique_violation: a concurrent append (or start) won the race. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
