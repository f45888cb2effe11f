import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import { RequestContext } from '@app/observability';

export interface OutboxMessage {
  /** Kafka topic (the router's aggregatetype), e.g. `wallet.events`. */
  topic: string;
  /** Kafka key: the aggregate the message is about (orders per key are kept). */
  key: string;
  type: string;
  data: unknown;
  /** Routing metadata carried inside the value (saga commands and replies). */
  metadata?: object;
  messageId?: string;
  correlationId?: string;
  causationId?: string;
  sagaId?: string;
  /** W3C trace context; defaults to the current request's. */
  traceparent?: string;
}

/** The columns of an outbox row, in the order `outboxInsert` takes its arrays. */
const OUTBOX_COLUMNS = [
  'id',
  'aggregatetype',
  'aggregateid',
  'type',
  'payload',
  'correlation_id',
  'causation_id',
  'saga_id',
  'traceparent',
] as const;

/** The PostgreSQL type of each column's array parameter in `outboxInsert`. */
const OUTBOX_TYPES = ['uuid', 'text', 'text', 'text', 'jsonb', 'text', 'text', 'text', 'text'] as const;

/**
 * The outbox rows of these messages as one INSERT reading nine array parameters from `$first` on, for a
 * caller to run alone (`appendToOutbox`) or as a CTE of its own statement (one round trip for its rows
 * and its events). The Kafka value is `{ type, data }` (and `metadata` for saga messages); the ids
 * travel as headers. Correlation and trace context default to the current request's.
 */
export function outboxInsert(
  messages: OutboxMessage[],
  first = 1,
): { sql: string; params: unknown[][]; ids: string[] } {
  const ctx = RequestContext.current();
  const params: unknown[][] = OUTBOX_COLUMNS.map(() => []);
  const ids: string[] = [];
  for (const m of messages) {
    const id = m.messageId ?? randomUUID();
    ids.push(id);
    const row = [
      id,
      m.topic,
      m.key,
      m.type,
      JSON.stringify(
        m.metadata ? { type: m.type, data: m.data, metadata: m.metadata } : { type: m.type, data: m.data },
      ),
      m.correlationId ?? ctx?.correlationId ?? id,
      m.causationId ?? ctx?.messageId ?? null,
      m.sagaId ?? ctx?.sagaId ?? null,
      m.traceparent ?? ctx?.traceparent ?? null,
    ];
    row.forEach((value, i) => params[i].push(value));
  }
  const arrays = OUTBOX_TYPES.map((type, i) => `$${first + i}::${type}[]`).join(', ');
  return {
    sql: `INSERT INTO outbox (${OUTBOX_COLUMNS.join(', ')}) SELECT * FROM unnest(${arrays})`,
    params,
    ids,
  };
}

/** Appends messages to the outbox inside the caller's transaction (one statement); returns their ids. */
export async function appendToOutbox(manager: EntityManager, messages: OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendToOutbox must run inside a transaction');
  }
  const insert = outboxInsert(messages);
  await preparedQuery(manager, 'gavel_outbox_append', insert.sql, insert.params);
  return insert.ids;
}

export interface OutboxPrune {
  deleted: number;
  /** Milliseconds until the oldest row left passes the retention; null when no row is left. */
  nextDueInMs: number | null;
}

/**
 * Deletes captured rows older than the retention (safe because the replication slot holds the WAL) and, in
 * the same statement, reads when the oldest row left will pass it (through the created_at index: the first
 * entry at or after the cutoff). The CTE's delete is not visible to the outer query, hence the cutoff there.
 */
export async function pruneOutbox(manager: EntityManager, olderThanSeconds: number): Promise<OutboxPrune> {
  const rows: { deleted: number; next_due_in_ms: number | null }[] = await manager.query(
    `WITH cutoff AS (SELECT now() - make_interval(secs => $1) AS at),
          gone AS (DELETE FROM outbox WHERE created_at < (SELECT at FROM cutoff) RETURNING 1)
     SELECT (SELECT count(*) FROM gone)::int AS deleted,
            (SELECT ceil(extract(epoch FROM min(created_at) - (SELECT at FROM cutoff)) * 1000)
               FROM outbox WHERE created_at >= (SELECT at FROM cutoff))::float8 AS next_due_in_ms`,
    [olderThanSeconds],
  );
  return { deleted: rows[0]?.deleted ?? 0, nextDueInMs: rows[0]?.next_due_in_ms ?? null };
}

/**
 * Records (consumer, messageId) for a batch of messages in the caller's transaction, in one statement.
 * Returns, for each messageId in order, whether this is its first processing (a messageId repeated
 * within the batch is fresh only the first time); the caller skips the effect of the others.
 */
export async function recordProcessedMany(
  manager: EntityManager,
  consumer: string,
  messageIds: readonly string[],
): Promise<boolean[]> {
  if (messageIds.length === 0) return [];
  const unique = [...new Set(messageIds)];
  const { rows } = await preparedQuery<{ message_id: string }>(
    manager,
    'gavel_processed_messages_insert',
    `INSERT INTO processed_messages (consumer, message_id)
     SELECT $1, id FROM unnest($2::text[]) AS t(id)
     ON CONFLICT DO NOTHING RETURNING message_id`,
    [consumer, unique],
  );
  const fresh = new Set(rows.map((r) => r.message_id));
  return messageIds.map((id) => fresh.delete(id));
}
