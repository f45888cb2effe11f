/**
 * Allowances: money the wallet holds for one bidder on one lot, granted to the lot hold by hold. The
 * lot decides bids alone against it: a bidder's exposure on a lot (what they could be made to pay: the
 * leader's proxy maximum, else nothing) never exceeds their allowance on that lot, and each hold backs
 * one lot only, so one balance is never spent on two lots.
 */
export interface Allowance {
  amount: bigint;
  keepWhenOutbid: boolean;
}

/** What an accepted bid commits its bidder to: their maximum (proxy) or amount, at least the price. */
export function commitmentOf(bid: { amount: bigint; maxAmount: bigint | null }, price: bigint): bigint {
  const offered = bid.maxAmount ?? bid.amount;
  return offered > price ? offered : price;
}

export type FundsDecision = { kind: 'covered' } | { kind: 'short'; allowance: bigint; required: bigint };

/** A bid is covered when its commitment fits in the bidder's allowance on the lot. */
export function decideFunds(allowance: Allowance | undefined, commitment: bigint): FundsDecision {
  const have = allowance?.amount ?? 0n;
  return commitment <= have ? { kind: 'covered' } : { kind: 'short', allowance: have, required: commitment };
}

/** An outbid leader's allowance is released unless they asked to keep it for the rest of the auction. */
export const releasedWhenOutbid = (allowance: Allowance | undefined): boolean =>
  allowance !== undefined && allowance.amount > 0n && !allowance.keepWhenOutbid;
