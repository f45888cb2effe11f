/**
 * Which accounts each movement of money debits and credits. One function per entry kind; each returns
 * balanced postings (the caller wraps them with `journalEntry`).
 */
import type { Account, Posting } from './ledger';

const available = (owner: string): Account => ({ type: 'available', owner });
const held = (owner: string): Account => ({ type: 'held', owner });
const proceeds = (owner: string): Account => ({ type: 'proceeds', owner });
const escrow: Account = { type: 'escrow' };
const fees: Account = { type: 'fees' };
const external: Account = { type: 'external' };
const chainClearing: Account = { type: 'chain_clearing' };
/** Where a withdrawal's money comes from, and goes back to when it fails. */
const withdrawalSource = (userId: string, source: 'available' | 'proceeds'): Account =>
  source === 'proceeds' ? proceeds(userId) : available(userId);

/** `amount` moves from one account to another. */
const transfer = (from: Account, to: Account, amount: bigint): Posting[] => {
  if (amount <= 0n) throw new RangeError(`a transfer must be positive, got ${amount}`);
  return [
    { account: from, amount: -amount },
    { account: to, amount },
  ];
};

export const BPS_PER_UNIT = 10_000n;

export interface FeeSplit {
  /** Basis points of the captured amount the platform keeps (500 = 5 %). */
  feeBps: number;
  fee: bigint;
  payout: bigint;
}

/**
 * The platform's fee on a sale: `amount × feeBps / 10 000` rounded down to a whole minor unit (a
 * fraction of a cent goes to the seller, so the platform never takes more than its rate), and the
 * seller's payout is the rest: fee + payout = amount exactly, nothing is created or lost.
 */
export function splitFee(amount: bigint, feeBps: number): FeeSplit {
  if (amount <= 0n) throw new RangeError(`a captured amount must be positive, got ${amount}`);
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > Number(BPS_PER_UNIT))
    throw new RangeError(`a fee must be 0 to 10000 basis points, got ${feeBps}`);
  const fee = (amount * BigInt(feeBps)) / BPS_PER_UNIT;
  return { feeBps, fee, payout: amount - fee };
}

export const PostingRules = {
  /** A top-up through the HTTP API: money comes in from the outside world. */
  topUp: (userId: string, amount: bigint): Posting[] => transfer(external, available(userId), amount),

  /** Value sent to the user's deposit address, confirmed on the chain and converted to minor units. */
  chainDeposit: (userId: string, amount: bigint): Posting[] =>
    transfer(chainClearing, available(userId), amount),

  /**
   * A hold reserves spendable money for a saga. When verified on-chain value backs it, `available`
   * goes below zero by the part the deposits do not cover, until that value is deposited.
   */
  holdPlaced: (userId: string, amount: bigint): Posting[] =>
    transfer(available(userId), held(userId), amount),

  /** A released hold (or the surplus of merged holds) is spendable again. */
  holdReleased: (userId: string, amount: bigint): Posting[] =>
    transfer(held(userId), available(userId), amount),

  /** A capture (the winner's payment) moves the hold into escrow until the sale settles. */
  holdCaptured: (userId: string, amount: bigint): Posting[] => transfer(held(userId), escrow, amount),

  /** A completed sale: escrow pays the seller the price minus the fee, and the fee to the platform. */
  escrowPaidOut: (sellerId: string, split: FeeSplit): Posting[] => [
    { account: escrow, amount: -(split.fee + split.payout) },
    { account: proceeds(sellerId), amount: split.payout },
    { account: fees, amount: split.fee },
  ],

  /** Undoing a payout (its compensation): the seller's payout and the fee go back into escrow. */
  escrowPayoutReversed: (sellerId: string, split: FeeSplit): Posting[] =>
    PostingRules.escrowPaidOut(sellerId, split).map((p) => ({ account: p.account, amount: -p.amount })),

  /** A cancelled sale: escrow gives the whole captured amount back to the buyer. */
  escrowRefunded: (buyerId: string, amount: bigint): Posting[] =>
    transfer(escrow, available(buyerId), amount),

  /** A withdrawal holds its amount from its source (available deposits, or a seller's proceeds). */
  withdrawalHeld: (userId: string, source: 'available' | 'proceeds', amount: bigint): Posting[] =>
    transfer(withdrawalSource(userId, source), held(userId), amount),

  /** A failed withdrawal (rejected, reverted or dropped transaction) gives the money back to its source. */
  withdrawalReleased: (userId: string, source: 'available' | 'proceeds', amount: bigint): Posting[] =>
    transfer(held(userId), withdrawalSource(userId, source), amount),

  /** A withdrawal confirmed on the chain: the money has left the platform. */
  chainWithdrawal: (userId: string, amount: bigint): Posting[] =>
    transfer(held(userId), chainClearing, amount),
};
