import { BidIncrement } from '@app/contracts';
import { Increment } from './pricing';
import { LotErrors } from './lot.errors';
import type { SaleStatus } from './sale';
import type { FailedSaleOutcome, LotStage, OnFailedSale, SecondChanceStatus } from './second-chance';

export type LotStatus = 'OPEN' | 'CLOSED';
export const LOT_STATUSES: readonly LotStatus[] = ['OPEN', 'CLOSED'];

export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const SKU_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** Money on the HTTP API and in messages: integer minor units as a decimal string (or a JSON integer). */
export const MONEY_PATTERN = /^(0|[1-9][0-9]{0,14})$/;
export const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;
export const MAX_SOFT_CLOSE_S = 3600;

export interface NewLotInput {
  startPrice: bigint;
  increment: BidIncrement;
  reservePrice: bigint | null;
  buyNowPrice: bigint | null;
  endsAt: Date;
  softCloseWindowS: number;
  softCloseExtensionS: number;
}

/** Checks a new lot's rules (beyond field formats); throws the first broken rule as a DomainError. */
export function validateNewLot(input: NewLotInput, now: Date): Increment {
  const increment = toIncrement(input.increment);
  if (Number.isNaN(input.endsAt.getTime())) throw LotErrors.invalidEndTime('is not a valid ISO time');
  if (input.endsAt.getTime() <= now.getTime()) throw LotErrors.invalidEndTime('must be in the future');
  if (input.endsAt.getTime() - now.getTime() > MAX_DURATION_MS)
    throw LotErrors.invalidEndTime('must be within 30 days');
  if (input.reservePrice !== null && input.reservePrice < input.startPrice)
    throw LotErrors.reserveBelowStart();
  if (input.buyNowPrice !== null) {
    const floor = input.reservePrice ?? input.startPrice;
    if (input.buyNowPrice <= input.startPrice || input.buyNowPrice < floor) throw LotErrors.buyNowTooLow();
  }
  for (const s of [input.softCloseWindowS, input.softCloseExtensionS]) {
    if (!Number.isInteger(s) || s < 0 || s > MAX_SOFT_CLOSE_S) throw LotErrors.invalidSoftClose();
  }
  return increment;
}

/** A percent increment is 1..100 with at most two decimals (kept as basis points). */
export function toIncrement(inc: BidIncrement): Increment {
  if (inc.kind === 'absolute') {
    if (!MONEY_PATTERN.test(inc.value) || BigInt(inc.value) < 1n)
      throw LotErrors.invalidIncrement('value must be a positive amount');
    return { kind: 'absolute', minor: BigInt(inc.value) };
  }
  const bp = Math.round(inc.value * 100);
  if (
    !Number.isFinite(inc.value) ||
    inc.value < 1 ||
    inc.value > 100 ||
    Math.abs(bp - inc.value * 100) > 1e-6
  ) {
    throw LotErrors.invalidIncrement('percent must be 1..100 with at most two decimals');
  }
  return { kind: 'percent', basisPoints: BigInt(bp) };
}

export function fromIncrement(inc: Increment): BidIncrement {
  return inc.kind === 'absolute'
    ? { kind: 'absolute', value: inc.minor.toString() }
    : { kind: 'percent', value: Number(inc.basisPoints) / 100 };
}

/** What `GET /lots/:id` answers. */
export interface LotView {
  id: string;
  sellerId: string;
  title: string;
  description: string;
  sku: string;
  status: LotStatus;
  startPrice: string;
  increment: BidIncrement;
  reservePrice?: string;
  /** Whether the reserve is met (the reserve itself is not disclosed to bidders by the gateway). */
  reserveMet: boolean;
  buyNowPrice?: string;
  currentPrice?: string;
  leaderId?: string;
  bidCount: number;
  minimumNextBid: string;
  endsAt: string;
  softCloseWindowS: number;
  softCloseExtensionS: number;
  outcome?: 'SOLD' | 'UNSOLD';
  closeReason?: string;
  winnerId?: string;
  closedAt?: string;
  /** SOLD lots only: PENDING until the winner's order ends, then COMPLETED or FAILED. */
  saleStatus?: SaleStatus;
  /** The winner's order, once it ended. */
  saleOrderId?: string;
  /** FAILED only: the order's stable code (e.g. WAREHOUSE.OUT_OF_STOCK) and its reason. */
  saleFailureCode?: string;
  saleFailureReason?: string;
  /** When the lot learned the order's outcome. */
  saleSettledAt?: string;
  /** What happens if the winner's order fails, as the seller chose when listing. */
  onFailedSale: OnFailedSale;
  /** The lot's stage in one word (see `stageOf`): OPEN … SOLD, SALE_FAILED, SECOND_CHANCE_OFFERED, RELISTED, … */
  stage: LotStage;
  /** Who bought it, once their order completed: the winner, or the runner-up after a second chance. */
  buyerId?: string;
  /** After a failed sale: the offer to the runner-up at their last bid, and how it went. */
  secondChance?: SecondChanceView;
  /** How a failed sale ended for good. */
  failedSaleOutcome?: FailedSaleOutcome;
  /** RELISTED: the new auction of the item. */
  relistedAsLotId?: string;
  /** This lot relists that one (whose sale failed). */
  relistedFromLotId?: string;
  /** The cover photo (also first in `photoUrls`). */
  photoUrl?: string;
  /** Every photo of the lot, the cover first, then the others in upload order. */
  photoUrls?: string[];
  createdAt: string;
}

export interface SecondChanceView {
  bidderId: string;
  amount: string;
  status: SecondChanceStatus;
  offeredAt?: string;
  expiresAt: string;
  answeredAt?: string;
  /** The runner-up's order, once it ended. */
  orderId?: string;
  failureCode?: string;
  failureReason?: string;
  settledAt?: string;
}

/** A bid in a lot's history (GET /lots/:id/bids), proxy bids the lot placed for its leader included. */
export interface LotBidView {
  bidId: string;
  bidderId: string;
  amount: string;
  proxy: boolean;
  placedAt: string;
}
