import type { Client } from '@opensearch-project/opensearch';
import { LOG_INDEX_PREFIX, LogDocument } from './log-sink';

export interface LogQuery {
  correlationId?: string;
  sagaId?: string;
  /** A W3C trace id (32 hex digits): every line of one trace, across services. */
  traceId?: string;
  service?: string;
  level?: string;
  /** A duration such as 15m, 2h, 7d, or an ISO timestamp. */
  since?: string;
  until?: string;
  limit?: number;
}

export function sinceToIso(since: string, now = new Date()): string {
  const m = /^(\d+)([smhd])$/.exec(since);
  if (!m) return new Date(since).toISOString();
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return new Date(now.getTime() - Number(m[1]) * unit).toISOString();
}

/** Log lines matching every given field, oldest first. */
export async function searchLogs(client: Client, q: LogQuery): Promise<LogDocument[]> {
  const filter: object[] = [];
  for (const field of ['correlationId', 'sagaId', 'traceId', 'service', 'level'] as const) {
    const value = q[field];
    if (value) filter.push({ term: { [field]: value } });
  }
  filter.push({
    range: { '@timestamp': { gte: sinceToIso(q.since ?? '24h'), ...(q.until ? { lte: q.until } : {}) } },
  });
  const res = await client.search({
    index: `${LOG_INDEX_PREFIX}-*`,
    body: {
      query: { bool: { filter } },
      sort: [{ '@timestamp': 'asc' }],
      size: Math.min(q.limit ?? 200, 10_000),
    },
    ignore_unavailable: true,
  });
  return (res.body.hits.hits as { _source: LogDocument }[]).map((h) => h._source);
}
