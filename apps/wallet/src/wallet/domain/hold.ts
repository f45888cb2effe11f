/**
 * Holds reserve part of a wallet's balance for a saga (a bid, an order). Pure decisions over the
 * account's funds and the hold's state; what a decision moves is a journal entry (posting-rules.ts),
 * and the funds are its projection (ledger.ts `evolveFunds`). Persistence and messaging live in the
 * application layer. Amounts are integer minor units as bigint.
 */
export const HOLD_STATUSES = ['ACTIVE', 'RELEASED', 'CAPTURED'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export interface Funds {
  balance: bigint;
  held: bigint;
}

export interface HoldState {
  status: HoldStatus;
  amount: bigint;
}

export const HoldFailureCodes = {
  insufficientFunds: 'WALLET.INSUFFICIENT_FUNDS',
  notFound: 'WALLET.NOT_FOUND',
  holdNotFound: 'WALLET.HOLD_NOT_FOUND',
  holdNotActive: 'WALLET.HOLD_NOT_ACTIVE',
  chainUnavailable: 'WALLET.CHAIN_UNAVAILABLE',
} as const;
export type HoldFailureCode = (typeof HoldFailureCodes)[keyof typeof HoldFailureCodes];

export interface Rejected {
  kind: 'rejected';
  code: HoldFailureCode;
  reason: string;
}

/**
 * Spendable = deposits (balance) + verified on-chain value of linked addresses − active holds, never
 * below zero (on-chain value can fall after holds were placed against it).
 */
export function spendable(funds: Funds, onChain = 0n): bigint {
  const available = funds.balance + onChain - funds.held;
  return available > 0n ? available : 0n;
}

/** Whether the deposits alone cover `amount`: then no on-chain value is needed (and no node is asked). */
export const coveredByDeposits = (funds: Funds, amount: bigint): boolean => spendable(funds) >= amount;

export type PlaceHoldDecision = { kind: 'placed' } | Rejected;

/**
 * A hold is placed only if it fits in the spendable balance (deposits + `onChain` − active holds).
 * Invariant kept: at the time a hold is placed, held ≤ balance + on-chain value (in minor units).
 */
export function decidePlaceHold(funds: Funds | undefined, amount: bigint, onChain = 0n): PlaceHoldDecision {
  if (amount <= 0n) throw new RangeError('a hold amount must be positive');
  if (onChain < 0n) throw new RangeError('an on-chain value cannot be negative');
  if (!funds) return { kind: 'rejected', code: HoldFailureCodes.notFound, reason: 'the user has no wallet' };
  const available = spendable(funds, onChain);
  if (available < amount) {
    const chain = onChain > 0n ? ` (including ${onChain} on-chain)` : '';
    return {
      kind: 'rejected',
      code: HoldFailureCodes.insufficientFunds,
      reason: `spendable ${available}${chain} is less than ${amount}`,
    };
  }
  return { kind: 'placed' };
}

export type ReleaseDecision = { kind: 'released' } | { kind: 'ignored'; reason: string };

/** Releasing is a compensation: it always succeeds; only an ACTIVE hold gives its amount back. */
export function decideRelease(hold: HoldState | undefined, funds: Funds | undefined): ReleaseDecision {
  if (!hold || !funds) return { kind: 'ignored', reason: 'no hold was placed' };
  switch (hold.status) {
    case 'ACTIVE':
      return { kind: 'released' };
    case 'RELEASED':
      return { kind: 'ignored', reason: 'the hold was already released' };
    case 'CAPTURED':
      return { kind: 'ignored', reason: 'the hold was captured; a capture is not undone by a release' };
    default: {
      const unknownStatus: never = hold.status;
      throw new Error(`unknown hold status ${String(unknownStatus)}`);
    }
  }
}

export type CaptureDecision = { kind: 'captured' } | { kind: 'alreadyCaptured' } | Rejected;

/**
 * Capturing moves an ACTIVE hold's amount out of the wallet into escrow: balance and held both fall by
 * it. A hold
 * backed by on-chain value is only captured once enough has been deposited (the wallet holds no keys
 * and cannot move the user's ether), so the balance never goes negative.
 */
export function decideCapture(hold: HoldState | undefined, funds: Funds | undefined): CaptureDecision {
  if (!hold || !funds)
    return { kind: 'rejected', code: HoldFailureCodes.holdNotFound, reason: 'no such hold' };
  switch (hold.status) {
    case 'ACTIVE':
      if (funds.balance < hold.amount) {
        return {
          kind: 'rejected',
          code: HoldFailureCodes.insufficientFunds,
          reason: `the hold is backed by on-chain value: deposits ${funds.balance} are less than ${hold.amount}`,
        };
      }
      return { kind: 'captured' };
    case 'CAPTURED':
      return { kind: 'alreadyCaptured' };
    case 'RELEASED':
      return { kind: 'rejected', code: HoldFailureCodes.holdNotActive, reason: 'the hold was released' };
    default: {
      const unknownStatus: never = hold.status;
      throw new Error(`unknown hold status ${String(unknownStatus)}`);
    }
  }
}

export interface ConfirmableHold extends HoldState {
  userId: string;
}

export type ConfirmDecision = { kind: 'confirmed' } | Rejected;

/**
 * An auction order adopts the winning bid's hold: it must exist, be ACTIVE, belong to the winner and
 * cover the price. Every other case is WALLET.HOLD_NOT_ACTIVE (the reason says which).
 */
export function decideConfirmHold(
  hold: ConfirmableHold | undefined,
  userId: string,
  amount: bigint,
): ConfirmDecision {
  const notActive = (reason: string): Rejected => ({
    kind: 'rejected',
    code: HoldFailureCodes.holdNotActive,
    reason,
  });
  if (!hold) return notActive('no such hold');
  if (hold.userId !== userId) return notActive('the hold belongs to another user');
  if (hold.status !== 'ACTIVE') return notActive(`the hold is ${hold.status}`);
  if (hold.amount < amount) return notActive(`the hold covers ${hold.amount}, less than ${amount}`);
  return { kind: 'confirmed' };
}

export type MergeDecision = { kind: 'merged'; released: bigint } | Rejected;

/**
 * An auction winner's allowance may be several holds: the order keeps the first at exactly `amount` and
 * releases the rest of their total (the surplus over the price goes back to the buyer). Every hold must
 * be ACTIVE and the winner's, and together they must cover the amount.
 */
export function decideMerge(
  holds: (ConfirmableHold | undefined)[],
  userId: string,
  amount: bigint,
): MergeDecision {
  let total = 0n;
  for (const hold of holds) {
    const decision = decideConfirmHold(hold, userId, 0n);
    if (decision.kind === 'rejected') return decision;
    total += hold?.amount ?? 0n;
  }
  if (total < amount) {
    return {
      kind: 'rejected',
      code: HoldFailureCodes.holdNotActive,
      reason: `the holds cover ${total}, less than ${amount}`,
    };
  }
  return { kind: 'merged', released: total - amount };
}
