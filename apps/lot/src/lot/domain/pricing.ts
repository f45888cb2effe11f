/**
 * Auction pricing rules as pure functions. Money is integer minor units (bigint); `now` is passed in.
 * A percent increment is stored in basis points (1% = 100) and rounded up to whole minor units.
 */
export type Increment = { kind: 'absolute'; minor: bigint } | { kind: 'percent'; basisPoints: bigint };

export interface PriceState {
  startPrice: bigint;
  increment: Increment;
  /** Null before the first bid. */
  currentPrice: bigint | null;
}

/** The step above `price`: an absolute amount, or a percent of `price` rounded up (at least 1). */
export function incrementAbove(increment: Increment, price: bigint): bigint {
  if (increment.kind === 'absolute') return increment.minor;
  const step = (price * increment.basisPoints + 9_999n) / 10_000n;
  return step > 0n ? step : 1n;
}

/** The start price for the first bid, else the current price plus the increment. */
export function minimumNextBid(state: PriceState): bigint {
  if (state.currentPrice === null) return state.startPrice;
  return state.currentPrice + incrementAbove(state.increment, state.currentPrice);
}

export const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);
export const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export interface SoftClose {
  endsAt: Date;
  windowS: number;
  extensionS: number;
}

/**
 * A bid accepted when endsAt − now < window moves the end to now + extension; never earlier.
 * Returns the new end, or undefined when the end does not move.
 */
export function extendedEnd({ endsAt, windowS, extensionS }: SoftClose, now: Date): Date | undefined {
  if (endsAt.getTime() - now.getTime() >= windowS * 1000) return undefined;
  const candidate = new Date(now.getTime() + extensionS * 1000);
  return candidate.getTime() > endsAt.getTime() ? candidate : undefined;
}

export interface Leader {
  bidderId: string;
  amount: bigint;
  /** The most the leader is willing to pay (their amount when they set no maximum). */
  maxAmount: bigint;
}

export type ProxyDecision =
  /** The leader's maximum covers the challenger: the system bids `amount` for the leader. */
  | { kind: 'leaderHolds'; amount: bigint }
  /** The challenger takes the lead at `amount` (at least what they bid). */
  | { kind: 'challengerLeads'; amount: bigint };

/**
 * Proxy bidding between the current leader and a challenger who bid `amount` (≥ the minimum next bid)
 * with an optional maximum. Ties go to the earlier bidder (the leader). The winner pays one increment
 * above the loser's maximum, capped at the winner's own maximum, and never less than already bid.
 */
export function resolveProxy(
  increment: Increment,
  leader: Leader | null,
  amount: bigint,
  challengerMax: bigint | null,
): ProxyDecision {
  const challengerCap = challengerMax === null ? amount : maxOf(amount, challengerMax);
  if (leader === null) return { kind: 'challengerLeads', amount };
  if (leader.maxAmount >= challengerCap) {
    const counter = minOf(leader.maxAmount, challengerCap + incrementAbove(increment, challengerCap));
    return { kind: 'leaderHolds', amount: maxOf(counter, leader.amount) };
  }
  const price = minOf(challengerCap, leader.maxAmount + incrementAbove(increment, leader.maxAmount));
  return { kind: 'challengerLeads', amount: maxOf(price, amount) };
}

export type CloseOutcome = { outcome: 'SOLD' } | { outcome: 'UNSOLD'; reason: 'NO_BIDS' | 'RESERVE_NOT_MET' };

/** SOLD when there is a leader whose amount meets the reserve (if any), else UNSOLD with the reason. */
export function closeOutcome(leaderAmount: bigint | null, reservePrice: bigint | null): CloseOutcome {
  if (leaderAmount === null) return { outcome: 'UNSOLD', reason: 'NO_BIDS' };
  if (reservePrice !== null && leaderAmount < reservePrice)
    return { outcome: 'UNSOLD', reason: 'RESERVE_NOT_MET' };
  return { outcome: 'SOLD' };
}
