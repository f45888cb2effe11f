import type { LotStatus } from '../../domain/lot';

/** A lot as the search index holds it (fed from lot.events). */
export interface LotSearchDoc {
  lotId: string;
  title: string;
  description: string;
  status: LotStatus;
  /** Minor units: the start price until the first bid. */
  currentPrice: number;
  endsAt: string;
  sellerId: string;
  bidCount: number;
}

export interface LotSearchQuery {
  q?: string;
  status?: LotStatus;
  minPrice?: number;
  maxPrice?: number;
  limit: number;
}

/** A stretch of a field's text; `match` marks the words the query found there. */
export interface HighlightPart {
  text: string;
  match: boolean;
}

/** Where a hit matched: the whole title, and a snippet of the description (its start when the match was elsewhere). */
export interface LotSearchHighlight {
  title?: HighlightPart[];
  description?: HighlightPart[];
}

export interface LotSearchResult {
  hits: (LotSearchDoc & { score: number | null; highlight?: LotSearchHighlight })[];
  total: number;
}

/** The search engine behind lot search (OpenSearch locally); writes are idempotent per lot. */
export interface LotSearchIndex {
  ensureIndex(): Promise<void>;
  put(doc: LotSearchDoc): Promise<void>;
  patch(lotId: string, fields: Partial<LotSearchDoc>): Promise<void>;
  /**
   * Several lots' patches in one request (a lot the index never saw is skipped, as by `patch`);
   * answers the ids of the lots it skipped so.
   */
  patchMany(patches: Map<string, Partial<LotSearchDoc>>): Promise<Set<string>>;
  search(query: LotSearchQuery): Promise<LotSearchResult>;
}

export const LOT_SEARCH_INDEX = Symbol('LOT_SEARCH_INDEX');
