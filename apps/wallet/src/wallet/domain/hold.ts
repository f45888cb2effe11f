/**
 * Holds reserve part of a wallet's balance for a saga (a bid, an order). Pure decisions over the
 * account's funds and the hold's state; persistence and messaging live in the application layer.
 * Amounts are integer minor units as bigint.
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
} as const;
export type HoldFailureCode = (typeof HoldFailureCodes)[keyof typeof HoldFailureCodes];

export interface Rejected {
  kind: 'rejected';
  code: HoldFailureCode;
  reason: string;
}

export const spendable = (funds: Funds): bigint => funds.balance - funds.held;

export type PlaceHoldDecision = { kind: 'placed'; funds: Funds } | Rejected;

/** A hold is placed only if it fits in the spendable balance (balance − active holds). */
export function decidePlaceHold(funds: Funds | undefined, amount: bigint): PlaceHoldDecision {
  if (amount <= 0n) throw new RangeError('a hold amount must be positive');
  if (!funds) return { kind: 'rejected', code: HoldFailureCodes.notFound, reason: 'the user has no wallet' };
  const available = spendable(funds);
  if (available < amount) {
    return {
      kind: 'rejected',
      code: HoldFailureCodes.insufficientFunds,
      reason: `spendable ${available} is less than ${amount}`,
    };
  }
  return { kind: 'placed', funds: { balance: funds.balance, held: funds.held + amount } };
}

export type ReleaseDecision = { kind: 'released'; funds: Funds } | { kind: 'ignored'; reason: string };

/** Releasing is a compensation: it always succeeds; only an ACTIVE hold gives its amount back. */
export function decideRelease(hold: HoldState | undefined, funds: Funds | undefined): ReleaseDecision {
  if (!hold || !funds) return { kind: 'ignored', reason: 'no hold was placed' };
  switch (hold.status) {
    case 'ACTIVE':
      return { kind: 'released', funds: { balance: funds.balance, held: funds.held - hold.amount } };
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

export type CaptureDecision = { kind: 'captured'; funds: Funds } | { kind: 'alreadyCaptured' } | Rejected;

/** Capturing moves an ACTIVE hold's amount out of the wallet: balance and held both fall by it. */
export function decideCapture(hold: HoldState | undefined, funds: Funds | undefined): CaptureDecision {
  if (!hold || !funds) return { kind: 'rejected', code: HoldFailureCodes.holdNotFound, reason: 'no such hold' };
  switch (hold.status) {
    case 'ACTIVE':
      return { kind: 'captured', funds: { balance: funds.balance - hold.amount, held: funds.held - hold.amount } };
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
