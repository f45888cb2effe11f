import type { Client } from '@opensearch-project/opensearch';
import { openSearchClient } from '@app/observability';
import type {
  LotSearchDoc,
  LotSearchIndex,
  LotSearchQuery,
  LotSearchResult,
} from '../application/search-lots/lot-search.port';
import { HIGHLIGHT_REQUEST, hitHighlight } from './search-highlight';

export const LOT_INDEX = process.env.GAVEL_LOT_SEARCH_INDEX ?? 'gavel-lots';

/** Built-in types and the standard analyzer only: the local OpenSearch has no plugins. */
const MAPPINGS = {
  dynamic: 'strict',
  properties: {
    lotId: { type: 'keyword' },
    title: { type: 'text', analyzer: 'standard' },
    description: { type: 'text', analyzer: 'standard' },
    status: { type: 'keyword' },
    currentPrice: { type: 'long' },
    endsAt: { type: 'date' },
    sellerId: { type: 'keyword' },
    bidCount: { type: 'integer' },
  },
} as const;

/**
 * Thrown when OpenSearch cannot be reached or is overloaded. Its `code` is one the consumers treat as
 * transient, so the message is retried rather than dead-lettered.
 */
export class SearchUnavailableError extends Error {
  readonly code = 'ECONNRESET';
}

interface OsError {
  name?: string;
  meta?: { statusCode?: number; body?: { error?: { type?: string } } };
}

function unavailable(e: unknown): boolean {
  const err = e as OsError;
  const status = err.meta?.statusCode;
  return (
    err.name === 'ConnectionError' ||
    err.name === 'TimeoutError' ||
    status === undefined ||
    status === 429 ||
    status >= 500
  );
}

async function guarded<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (unavailable(e)) throw new SearchUnavailableError(`OpenSearch unavailable: ${(e as Error).message}`);
    throw e;
  }
}

export class OpenSearchLotIndex implements LotSearchIndex {
  private ready?: Promise<void>;

  constructor(private readonly client: Client = openSearchClient()) {}

  /** Creates the index with its mappings once per process (retried after a failure). */
  ensureIndex(): Promise<void> {
    this.ready ??= this.createIndex().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async createIndex(): Promise<void> {
    const exists = await guarded(() => this.client.indices.exists({ index: LOT_INDEX }));
    if (exists.body) return;
    try {
      await this.client.indices.create({
        index: LOT_INDEX,
        body: {
          settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' },
          mappings: MAPPINGS,
        },
      });
    } catch (e) {
      // Another lot instance created it first.
      if ((e as OsError).meta?.body?.error?.type !== 'resource_already_exists_exception') throw e;
    }
  }

  async put(doc: LotSearchDoc): Promise<void> {
    await this.ensureIndex();
    await guarded(() => this.client.index({ index: LOT_INDEX, id: doc.lotId, body: doc }));
  }

  async patch(lotId: string, fields: Partial<LotSearchDoc>): Promise<void> {
    await this.ensureIndex();
    try {
      await guarded(() =>
        this.client.update({ index: LOT_INDEX, id: lotId, body: { doc: fields }, retry_on_conflict: 3 }),
      );
    } catch (e) {
      // An event about a lot the index never saw created (e.g. from before the index existed): nothing to update.
      if ((e as OsError).meta?.statusCode === 404) return;
      throw e;
    }
  }

  async patchMany(patches: Map<string, Partial<LotSearchDoc>>): Promise<Set<string>> {
    const missing = new Set<string>();
    if (patches.size === 0) return missing;
    await this.ensureIndex();
    const body = [...patches].flatMap(([lotId, doc]) => [
      { update: { _index: LOT_INDEX, _id: lotId, retry_on_conflict: 3 } },
      { doc },
    ]);
    const res = await guarded(() => this.client.bulk({ body }));
    const result = res.body as {
      errors: boolean;
      items: { update?: { _id: string; status: number; error?: unknown } }[];
    };
    if (!result.errors) return missing;
    // A lot the index never saw created answers 404 (nothing to update); anything else fails the group.
    const failed = result.items.find((i) => i.update && i.update.status >= 300 && i.update.status !== 404);
    if (failed) throw new Error(`search index bulk update failed: ${JSON.stringify(failed.update?.error)}`);
    for (const { update } of result.items) if (update?.status === 404) missing.add(update._id);
    return missing;
  }

  async search(q: LotSearchQuery): Promise<LotSearchResult> {
    const filter: object[] = [];
    if (q.status) filter.push({ term: { status: q.status } });
    if (q.minPrice !== undefined || q.maxPrice !== undefined) {
      filter.push({
        range: {
          currentPrice: {
            ...(q.minPrice !== undefined ? { gte: q.minPrice } : {}),
            ...(q.maxPrice !== undefined ? { lte: q.maxPrice } : {}),
          },
        },
      });
    }
    const must = q.q
      ? [{ multi_match: { query: q.q, fields: ['title^2', 'description'], operator: 'and' } }]
      : [];
    await this.ensureIndex();
    const res = await guarded(() =>
      this.client.search({
        index: LOT_INDEX,
        body: {
          size: q.limit,
          query: { bool: { must, filter } },
          sort: q.q ? ['_score', { endsAt: 'asc' }] : [{ endsAt: 'asc' }],
          track_total_hits: true,
          ...(q.q ? { highlight: HIGHLIGHT_REQUEST } : {}),
        },
      }),
    );
    const hits = res.body.hits as {
      total: { value: number };
      hits: { _source: LotSearchDoc; _score: number | null; highlight?: Record<string, string[]> }[];
    };
    return {
      hits: hits.hits.map((h) => {
        const highlight = hitHighlight(h.highlight, h._source);
        return { ...h._source, score: h._score, ...(highlight ? { highlight } : {}) };
      }),
      total: hits.total.value,
    };
  }
}
