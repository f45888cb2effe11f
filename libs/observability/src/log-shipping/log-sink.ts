/** Where shipped log documents go (OpenSearch in production, anything bulk-capable in principle). */
export interface LogDocument {
  '@timestamp': string;
  level: string;
  service: string;
  message: string;
  correlationId?: string;
  sagaId?: string;
  traceId?: string;
  context?: string;
  [extra: string]: unknown;
}

export interface LogSink {
  ensureTemplate(): Promise<void>;
  bulk(docs: { index: string; doc: LogDocument }[]): Promise<void>;
}

export const LOG_INDEX_PREFIX = 'gavel-logs';

/** Daily index, named from the document's own timestamp (UTC). */
export function dailyIndex(timestamp: string, prefix = LOG_INDEX_PREFIX): string {
  const day = timestamp.slice(0, 10).replace(/-/g, '.');
  return `${prefix}-${day}`;
}

/** Index names older than `days` (by their date suffix), for the retention job. */
export function expiredIndices(
  names: string[],
  now: Date,
  days: number,
  prefix = LOG_INDEX_PREFIX,
): string[] {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '.');
  return names.filter((n) => n.startsWith(`${prefix}-`) && n.slice(prefix.length + 1) < cutoff);
}
