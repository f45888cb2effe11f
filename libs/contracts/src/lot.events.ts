/**
 * Lot (auction) domain events, published by the lot service through its outbox (topic `lot.events`,
 * key = lotId, so every event of one lot is ordered). Money is integer minor units as decimal strings.
 */
import type { DeliveryAddress } from './order-saga';

export type BidIncrement = { kind: 'absolute'; value: string } | { kind: 'percent'; value: number };

export interface LotCreatedData {
  lotId: string;
  sellerId: string;
  title: string;
  description: string;
  sku: string;
  photoUrl?: string;
  startPrice: string;
  increment: BidIncrement;
  reservePrice?: string;
  buyNowPrice?: string;
  endsAt: string;
  softCloseWindowS: number;
  softCloseExtensionS: number;
  /** What happens to the lot if its winner's order fails (absent on lots created before the option). */
  onFailedSale?: OnFailedSale;
  /** Set when this lot relists one whose sale failed: the earlier lot. */
  relistedFromLotId?: string;
}

/**
 * The seller's choice, when listing, of what happens if the winner's order fails: offer the lot to the
 * runner-up at their last bid first (then relist or close it if they decline, let the offer expire or their
 * order fails too), or relist / close at once. Default: `second_chance_then_close`.
 */
export type OnFailedSale = 'second_chance_then_relist' | 'second_chance_then_close' | 'relist' | 'close';
export const ON_FAILED_SALE_OPTIONS: readonly OnFailedSale[] = [
  'second_chance_then_relist',
  'second_chance_then_close',
  'relist',
  'close',
];

/** Where a failed sale ends when nobody buys it after all: a new auction of the item, or closed unsold. */
export type FailedSaleFallback = 'RELISTED' | 'CLOSED_UNSOLD';

export interface BidPlacedData {
  lotId: string;
  bidId: string;
  bidderId: string;
  amount: string;
  /** The price the next bid must reach. */
  minimumNextBid: string;
  endsAt: string;
  bidCount: number;
  placedAt: string;
  /** True when the system bid on the bidder's behalf (proxy bidding). */
  proxy: boolean;
}

/** Sent to the previous leader when a higher bid replaces theirs. */
export interface OutbidData {
  lotId: string;
  userId: string;
  previousAmount: string;
  newAmount: string;
}

export interface AuctionExtendedData {
  lotId: string;
  previousEndsAt: string;
  endsAt: string;
  byBidId: string;
}

export interface AuctionClosedData {
  lotId: string;
  sellerId: string;
  sku: string;
  title: string;
  outcome: 'SOLD' | 'UNSOLD';
  /** Why it did not sell: NO_BIDS or RESERVE_NOT_MET. */
  reason?: string;
  winnerId?: string;
  amount?: string;
  /** The winner's wallet hold, which the order saga charges. */
  holdId?: string;
  /** The winner's other allowance holds on this lot: the order merges them into `holdId` (surplus released). */
  mergeHoldIds?: string[];
  /** Where the winner's item goes (the address given with their bids), when known. */
  address?: DeliveryAddress;
  closedAt: string;
  /** True when a buy-now purchase ended the auction. */
  buyNow: boolean;
}

/**
 * The winner's order ended in failure for a business reason (its OrderCancelled): the sale did not
 * happen. The lot stays CLOSED/SOLD with sale status FAILED; `next` says what the lot did about it, as
 * the seller chose when listing (absent on events published before second chances existed).
 */
export interface LotSaleFailedData {
  lotId: string;
  orderId: string;
  sellerId: string;
  winnerId: string;
  title: string;
  amount: string;
  /** The order's stable code, e.g. WAREHOUSE.OUT_OF_STOCK. */
  code: string;
  /** The order's human-readable reason. */
  reason: string;
  failedAt: string;
  /** SECOND_CHANCE_OFFERED (a SecondChanceOffered follows), RELISTED or CLOSED_UNSOLD. */
  next?: 'SECOND_CHANCE_OFFERED' | FailedSaleFallback;
  /** RELISTED: the new lot. */
  relistedAsLotId?: string;
}

/**
 * The runner-up (the highest bidder other than the failed winner) may buy the lot at their last bid until
 * `expiresAt`: `POST /lots/:id/second-chance/accept` or `/decline`.
 */
export interface SecondChanceOfferedData {
  lotId: string;
  sellerId: string;
  /** The winner whose order failed. */
  winnerId: string;
  /** The runner-up, to whom the lot is offered. */
  bidderId: string;
  title: string;
  amount: string;
  offeredAt: string;
  expiresAt: string;
}

/**
 * The runner-up accepted: the orchestrator starts their order (a SecondChanceOrder saga: a fresh hold of
 * `amount`, then the Order saga's steps) to `address`.
 */
export interface SecondChanceAcceptedData {
  lotId: string;
  sellerId: string;
  bidderId: string;
  sku: string;
  title: string;
  amount: string;
  address: DeliveryAddress;
  acceptedAt: string;
}

/**
 * A second chance is over: DECLINED or EXPIRED (then the lot is relisted or closed, `next`), or the
 * runner-up's order ended: COMPLETED (the lot is sold to them) or FAILED (with the order's code and reason;
 * then `next`).
 */
export interface SecondChanceEndedData {
  lotId: string;
  sellerId: string;
  bidderId: string;
  title: string;
  amount: string;
  outcome: 'DECLINED' | 'EXPIRED' | 'COMPLETED' | 'FAILED';
  orderId?: string;
  code?: string;
  reason?: string;
  next?: FailedSaleFallback;
  relistedAsLotId?: string;
  endedAt: string;
}

/**
 * The lot gave up a bidder's allowance on it (outbid with an allowance that is not kept, the bidder
 * withdrew it, or the lot closed and they did not win): the wallet must release these holds. The
 * orchestrator releases each one through a saga; the lot never grants a released hold again.
 */
export interface AllowanceReleasedData {
  lotId: string;
  bidderId: string;
  holdIds: string[];
  /** OUTBID, WITHDRAWN, LOT_CLOSED */
  reason: string;
}

export type LotCreated = { type: 'LotCreated'; data: LotCreatedData };
export type BidPlaced = { type: 'BidPlaced'; data: BidPlacedData };
export type Outbid = { type: 'Outbid'; data: OutbidData };
export type AuctionExtended = { type: 'AuctionExtended'; data: AuctionExtendedData };
export type AuctionClosed = { type: 'AuctionClosed'; data: AuctionClosedData };
export type LotSaleFailed = { type: 'LotSaleFailed'; data: LotSaleFailedData };
export type SecondChanceOffered = { type: 'SecondChanceOffered'; data: SecondChanceOfferedData };
export type SecondChanceAccepted = { type: 'SecondChanceAccepted'; data: SecondChanceAcceptedData };
export type SecondChanceEnded = { type: 'SecondChanceEnded'; data: SecondChanceEndedData };
export type AllowanceReleased = { type: 'AllowanceReleased'; data: AllowanceReleasedData };
export type LotEvent =
  | LotCreated
  | BidPlaced
  | Outbid
  | AuctionExtended
  | AuctionClosed
  | LotSaleFailed
  | SecondChanceOffered
  | SecondChanceAccepted
  | SecondChanceEnded
  | AllowanceReleased;
