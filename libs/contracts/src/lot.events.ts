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
}

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
 * happen. The lot stays CLOSED/SOLD with sale status FAILED; what happens to it next is not decided here.
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
export type AllowanceReleased = { type: 'AllowanceReleased'; data: AllowanceReleasedData };
export type LotEvent =
  LotCreated | BidPlaced | Outbid | AuctionExtended | AuctionClosed | LotSaleFailed | AllowanceReleased;

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const minorUnits = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;

/**
 * Schema of AuctionClosed's `data`, the one every consumer validates with (the orchestrator starts the
 * winner's order from it, notification tells seller and winner). A sale names its winner, price and hold.
 */
export const AuctionClosedSchema = {
  $id: 'lot.AuctionClosed.v1',
  type: 'object',
  required: ['lotId', 'sellerId', 'sku', 'title', 'outcome', 'closedAt'],
  properties: {
    lotId: id,
    sellerId: id,
    sku: id,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    outcome: { enum: ['SOLD', 'UNSOLD'] },
    reason: { type: 'string', maxLength: 200 },
    winnerId: id,
    amount: minorUnits,
    holdId: { type: 'string', minLength: 1, maxLength: 255 },
    mergeHoldIds: { type: 'array', maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 255 } },
    address: { type: 'object' },
    closedAt: { type: 'string', minLength: 1 },
    buyNow: { type: 'boolean' },
  },
  if: { properties: { outcome: { const: 'SOLD' } } },
  then: { required: ['winnerId', 'amount', 'holdId'] },
} as const;

/** Schema of LotSaleFailed's `data` (extra fields allowed: producers may add optional ones). */
export const LotSaleFailedSchema = {
  $id: 'lot.LotSaleFailed.v1',
  type: 'object',
  required: ['lotId', 'orderId', 'sellerId', 'winnerId', 'title', 'amount', 'code', 'reason', 'failedAt'],
  properties: {
    lotId: id,
    orderId: id,
    sellerId: id,
    winnerId: id,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    amount: { type: 'string', pattern: '^[0-9]{1,20}$' },
    code: { type: 'string', minLength: 1, maxLength: 128 },
    reason: { type: 'string', maxLength: 2000 },
    failedAt: { type: 'string', minLength: 1 },
  },
} as const;

/** Schema of AllowanceReleased's `data`. */
export const AllowanceReleasedSchema = {
  $id: 'lot.AllowanceReleased.v1',
  type: 'object',
  required: ['lotId', 'bidderId', 'holdIds', 'reason'],
  properties: {
    lotId: id,
    bidderId: id,
    holdIds: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: { type: 'string', minLength: 1, maxLength: 255 },
    },
    reason: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;
