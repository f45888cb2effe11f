import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SagaStatus } from '@app/saga';
import { HistoryEventRow, RECONCILED_EVENT_TYPES } from '../domain/reconciliation';
import type {
  SagaCursor,
  SagaHistoryPort,
  SagaPageRow,
  SagaWalkFilter,
} from '../application/reconciliation.ports';

interface SagaRow {
  id: string;
  type: string;
  status: SagaStatus;
  updated_at: Date;
  /** updated_at as PostgreSQL prints it: microseconds kept, so the keyset never repeats a page. */
  cursor_at: string;
}

interface EventRow {
  saga_id: string;
  type: string;
  data: HistoryEventRow['data'];
}

/**
 * Reads `sagas` (keyset on (updated_at, id)) and the few `saga_events` fields reconciliation needs
 * (not the commands' and replies' payloads). Read-only, outside any saga's lock.
 */
@Injectable()
export class SagaHistoryReader implements SagaHistoryPort {
  constructor(private readonly dataSource: DataSource) {}

  async page(filter: SagaWalkFilter, after: SagaCursor | undefined, size: number): Promise<SagaPageRow[]> {
    const rows: SagaRow[] = await this.dataSource.query(
      `SELECT id, type, status, updated_at, updated_at::text AS cursor_at FROM sagas
        WHERE ($1::timestamptz IS NULL OR updated_at >= $1)
          AND ($2::text IS NULL OR type = $2)
          AND ($3::text IS NULL OR id = $3)
          AND ($4::timestamptz IS NULL OR (updated_at, id) > ($4::timestamptz, $5::text))
        ORDER BY updated_at, id
        LIMIT $6`,
      [
        filter.since ?? null,
        filter.sagaType ?? null,
        filter.sagaId ?? null,
        after?.at ?? null,
        after?.id ?? null,
        size,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      status: r.status,
      updatedAt: new Date(r.updated_at),
      cursor: { at: r.cursor_at, id: r.id },
    }));
  }

  async events(sagaIds: readonly string[]): Promise<Map<string, HistoryEventRow[]>> {
    const out = new Map<string, HistoryEventRow[]>();
    if (sagaIds.length === 0) return out;
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT saga_id, type,
              jsonb_build_object('step', data->'step', 'commandId', data->'commandId',
                                 'participant', data->'participant', 'outcome', data->'outcome',
                                 'phase', data->'phase') AS data
         FROM saga_events
        WHERE saga_id = ANY($1) AND type = ANY($2)
        ORDER BY saga_id, seq`,
      [sagaIds, RECONCILED_EVENT_TYPES],
    );
    for (const r of rows) {
      const list = out.get(r.saga_id) ?? [];
      list.push({ type: r.type, data: r.data });
      out.set(r.saga_id, list);
    }
    return out;
  }
}
