/**
 * Escrow: what a capture moved out of the buyer's hold, waiting for the sale to settle. It settles once:
 * paid out to the seller (minus the platform's fee) or refunded to the buyer. A payout can be reversed
 * (its compensation), which puts the money back into escrow. Pure decisions; amounts are bigint minor units.
 */
import { FeeSplit, splitFee } from './posting-rules';

export type SettlementKind = 'PAYOUT' | 'REFUND';

export interface Settlement extends FeeSplit {
  id: string;
  kind: SettlementKind;
  /** The seller paid; null for a refund. */
  sellerId: string | null;
  /** The command that settled it. */
  commandId: string;
  /** The compensation that reversed it, if any: a reversed settlement no longer counts. */
  reversedBy: string | null;
}

export interface Escrow {
  captureId: string;
  holdId: string;
  buyerId: string;
  amount: bigint;
  /** The settlement in force (not reversed), if any. */
  settlement?: Settlement;
}

export const EscrowFailureCodes = {
  notFound: 'WALLET.ESCROW_NOT_FOUND',
  settled: 'WALLET.ESCROW_SETTLED',
} as const;
export type EscrowFailureCode = (typeof EscrowFailureCodes)[keyof typeof EscrowFailureCodes];

export interface EscrowRejected {
  kind: 'rejected';
  code: EscrowFailureCode;
  reason: string;
}

const notFound: EscrowRejected = {
  kind: 'rejected',
  code: EscrowFailureCodes.notFound,
  reason: 'the hold was not captured: nothing is in escrow for it',
};

const settled = (s: Settlement): EscrowRejected => ({
  kind: 'rejected',
  code: EscrowFailureCodes.settled,
  reason:
    s.kind === 'REFUND'
      ? 'the escrow was refunded to the buyer'
      : `the escrow was paid out to seller ${s.sellerId ?? ''}`,
});

export type PayoutDecision =
  | { kind: 'payOut'; escrow: Escrow; split: FeeSplit }
  | { kind: 'alreadyPaidOut'; escrow: Escrow; settlement: Settlement }
  | EscrowRejected;

/** Escrow → the seller's proceeds minus the fee; paying the same seller again answers the first payout. */
export function decidePayout(escrow: Escrow | undefined, sellerId: string, feeBps: number): PayoutDecision {
  if (!escrow) return notFound;
  const s = escrow.settlement;
  if (s?.kind === 'PAYOUT' && s.sellerId === sellerId)
    return { kind: 'alreadyPaidOut', escrow, settlement: s };
  if (s) return settled(s);
  return { kind: 'payOut', escrow, split: splitFee(escrow.amount, feeBps) };
}

export type RefundDecision =
  | { kind: 'refund'; escrow: Escrow }
  | { kind: 'alreadyRefunded'; escrow: Escrow; settlement: Settlement }
  | { kind: 'nothingCaptured' }
  | EscrowRejected;

/**
 * Escrow → the buyer's available balance, whole; a payout must be reversed before a refund. As the
 * compensation of a capture (`undoingCapture`), a hold that was never captured is nothing to refund: a
 * compensation of something that did not happen succeeds (the money is still held, and the hold's own
 * release gives it back).
 */
export function decideRefund(escrow: Escrow | undefined, undoingCapture = false): RefundDecision {
  if (!escrow) return undoingCapture ? { kind: 'nothingCaptured' } : notFound;
  const s = escrow.settlement;
  if (s?.kind === 'REFUND') return { kind: 'alreadyRefunded', escrow, settlement: s };
  if (s) return settled(s);
  return { kind: 'refund', escrow };
}

export type ReversalDecision =
  { kind: 'reverse'; settlement: Settlement } | { kind: 'ignored'; reason: string };

/**
 * Reversing a payout (a compensation) always succeeds: the payout made by the forward command goes back
 * into escrow; no payout, or one already reversed, is a no-op.
 */
export function decideReversal(payout: Settlement | undefined): ReversalDecision {
  if (!payout || payout.kind !== 'PAYOUT') return { kind: 'ignored', reason: 'no payout was made' };
  if (payout.reversedBy) return { kind: 'ignored', reason: 'the payout was already reversed' };
  return { kind: 'reverse', settlement: payout };
}
