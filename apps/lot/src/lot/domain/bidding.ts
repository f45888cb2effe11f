import { BidFailureCodes } from '@app/contracts';
import { extendedEnd, Increment, Leader, minimumNextBid, resolveProxy } from './pricing';

export interface AuctionState {
  open: boolean;
  sellerId: string;
  endsAt: Date;
  startPrice: bigint;
  increment: Increment;
  currentPrice: bigint | null;
  leader: Leader | null;
  buyNowPrice: bigint | null;
  softCloseWindowS: number;
  softCloseExtensionS: number;
}

export interface BidAttempt {
  bidderId: string;
  amount: bigint;
  maxAmount: bigint | null;
}

type RejectCode = (typeof BidFailureCodes)[keyof typeof BidFailureCodes];

export type BidDecision =
  /** Nothing changes. */
  | { kind: 'rejected'; code: RejectCode; reason: string }
  /** The leader's proxy maximum covers the bid: the system bids `amount` for the leader; the bid is rejected as too low. */
  | { kind: 'outbidByProxy'; amount: bigint }
  /** The bid leads at `price`; `buyNow` closes the auction at once; `endsAt` is set when soft close moved the end. */
  | { kind: 'accepted'; price: bigint; buyNow: boolean; endsAt?: Date };

/** Decides a bid against the auction's state at `now` (the lot row is locked by the caller). */
export function decideBid(lot: AuctionState, bid: BidAttempt, now: Date): BidDecision {
  if (!lot.open || now.getTime() >= lot.endsAt.getTime())
    return { kind: 'rejected', code: BidFailureCodes.closed, reason: 'the auction is closed' };
  if (bid.bidderId === lot.sellerId)
    return { kind: 'rejected', code: BidFailureCodes.ownLot, reason: 'a seller cannot bid on their own lot' };
  const minimum = minimumNextBid(lot);
  if (bid.amount < minimum) {
    return {
      kind: 'rejected',
      code: BidFailureCodes.tooLow,
      reason: `the minimum next bid is ${minimum}, got ${bid.amount}`,
    };
  }
  if (lot.buyNowPrice !== null && bid.amount >= lot.buyNowPrice)
    return { kind: 'accepted', price: bid.amount, buyNow: true };
  // A leader raising their own bid competes with nobody.
  const rival = lot.leader !== null && lot.leader.bidderId !== bid.bidderId ? lot.leader : null;
  const proxy = resolveProxy(lot.increment, rival, bid.amount, bid.maxAmount);
  if (proxy.kind === 'leaderHolds') return { kind: 'outbidByProxy', amount: proxy.amount };
  const endsAt = extendedEnd(
    { endsAt: lot.endsAt, windowS: lot.softCloseWindowS, extensionS: lot.softCloseExtensionS },
    now,
  );
  return { kind: 'accepted', price: proxy.amount, buyNow: false, ...(endsAt ? { endsAt } : {}) };
}
