import type { LotStage, OnFailedSale, SecondChance } from './failed-sale';

/** The lot as the gateway returns it (lot service view). Money is minor units as decimal strings. */
export interface Lot {
  id: string;
  sellerId: string;
  title: string;
  description: string;
  sku: string;
  status: string;
  startPrice: string;
  increment: { kind: 'absolute'; value: string } | { kind: 'percent'; value: number };
  currentPrice?: string;
  minimumNextBid: string;
  bidCount: number;
  leaderId?: string;
  endsAt: string;
  softCloseWindowS: number;
  softCloseExtensionS: number;
  outcome?: string;
  closeReason?: string;
  winnerId?: string;
  saleStatus?: 'PENDING' | 'COMPLETED' | 'FAILED';
  saleFailureCode?: string;
  saleFailureReason?: string;
  /** What happens if the winner's order fails, as the seller chose when listing. */
  onFailedSale?: OnFailedSale;
  /** The lot's stage in one word, a failed sale's path included. */
  stage?: LotStage;
  /** Who bought it, once their order completed. */
  buyerId?: string;
  /** After a failed sale: the offer to the runner-up at their last bid. */
  secondChance?: SecondChance;
  failedSaleOutcome?: 'SOLD_TO_RUNNER_UP' | 'RELISTED' | 'CLOSED_UNSOLD';
  relistedAsLotId?: string;
  relistedFromLotId?: string;
  photoUrl?: string;
  /** Every photo, the cover first. */
  photoUrls?: string[];
}

/** A stretch of text from a search hit; `match` marks the words the query found. */
export interface HighlightPart {
  text: string;
  match: boolean;
}

export interface LotCard {
  id: string;
  title: string;
  status: string;
  price: string;
  endsAt: string;
  bidCount: number;
  outcome?: string;
  photoUrl?: string;
  /** Search results: the title with the matches marked, and a snippet of the description. */
  titleParts?: HighlightPart[];
  snippet?: Snippet;
}

/** A stretch of a longer text; `cutBefore` / `cutAfter` say whether text was left out on either side. */
export interface Snippet {
  parts: HighlightPart[];
  cutBefore: boolean;
  cutAfter: boolean;
}

function snippetOf(parts: HighlightPart[] | undefined, whole: string): Snippet | undefined {
  if (!parts?.length) return undefined;
  const text = parts.map((p) => p.text).join('');
  return { parts, cutBefore: !whole.startsWith(text), cutAfter: !whole.endsWith(text) };
}

export interface BidRow {
  bidId: string;
  bidderId: string;
  amount: string;
  proxy: boolean;
  placedAt: string;
}

export const priceOf = (lot: Lot): string => lot.currentPrice ?? lot.startPrice;

export const fromLot = (lot: Lot): LotCard => ({
  id: lot.id,
  title: lot.title,
  status: lot.status,
  price: priceOf(lot),
  endsAt: lot.endsAt,
  bidCount: lot.bidCount,
  outcome: lot.outcome,
  photoUrl: lot.photoUrl,
});

interface SearchHit {
  lotId: string;
  title: string;
  description: string;
  status: string;
  currentPrice: number;
  endsAt: string;
  bidCount: number;
  highlight?: { title?: HighlightPart[]; description?: HighlightPart[] };
}

export const fromHit = (hit: SearchHit): LotCard => ({
  id: hit.lotId,
  title: hit.title,
  status: hit.status,
  price: String(hit.currentPrice),
  endsAt: hit.endsAt,
  bidCount: hit.bidCount,
  titleParts: hit.highlight?.title,
  snippet: snippetOf(hit.highlight?.description, hit.description),
});

export type SearchAnswer = { hits: SearchHit[]; total: number };
