import { Client } from '@opensearch-project/opensearch';
import { expiredIndices, LOG_INDEX_PREFIX, LogDocument, LogSink } from './log-sink';

/** Mappings use built-in types and the standard analyzer only (the local distribution has no plugins). */
const TEMPLATE = {
  index_patterns: [`${LOG_INDEX_PREFIX}-*`],
  template: {
    settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' },
    mappings: {
      dynamic: false,
      properties: {
        '@timestamp': { type: 'date' },
        level: { type: 'keyword' },
        service: { type: 'keyword' },
        correlationId: { type: 'keyword' },
        sagaId: { type: 'keyword' },
        traceId: { type: 'keyword' },
        messageId: { type: 'keyword' },
        context: { type: 'keyword' },
        message: { type: 'text' },
      },
    },
  },
};

export function openSearchClient(
  node = process.env.GAVEL_OPENSEARCH_URL ?? `http://127.0.0.1:${process.env.GAVEL_OPENSEARCH_PORT ?? 19200}`,
): Client {
  return new Client({ node, requestTimeout: 5000, maxRetries: 0 });
}

export class OpenSearchLogSink implements LogSink {
  constructor(private readonly client: Client = openSearchClient()) {}

  async ensureTemplate(): Promise<void> {
    await this.client.indices.putIndexTemplate({ name: LOG_INDEX_PREFIX, body: TEMPLATE });
  }

  async bulk(docs: { index: string; doc: LogDocument }[]): Promise<void> {
    const body = docs.flatMap(({ index, doc }) => [{ index: { _index: index } }, doc]);
    const res = await this.client.bulk({ body });
    if (res.body.errors) {
      const first = (res.body.items as { index?: { error?: { reason?: string } } }[]).find(
        (i) => i.index?.error,
      );
      throw new Error(`bulk indexing failed: ${first?.index?.error?.reason ?? 'unknown'}`);
    }
  }

  /** Retention: deletes daily log indices older than `days`. Returns the deleted names. */
  async deleteOlderThan(days: number, now = new Date()): Promise<string[]> {
    const res = await this.client.cat.indices({ index: `${LOG_INDEX_PREFIX}-*`, format: 'json' });
    const names = (res.body as { index: string }[]).map((r) => r.index);
    const expired = expiredIndices(names, now, days);
    if (expired.length > 0) await this.client.indices.delete({ index: expired.join(',') });
    return expired;
  }
}
