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
  winnerId?: string;
  photoUrl?: string;
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
  status: string;
  currentPrice: number;
  endsAt: string;
  bidCount: number;
}

export const fromHit = (hit: SearchHit): LotCard => ({
  id: hit.lotId,
  title: hit.title,
  status: hit.status,
  price: String(hit.currentPrice),
  endsAt: hit.endsAt,
  bidCount: hit.bidCount,
});

export type SearchAnswer = { hits: SearchHit[]; total: number };
