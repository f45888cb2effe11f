/**
 * Withdrawals: a user's money leaves for their linked address on the chain. Pure decisions; the saga
 * (orchestrator, `Withdrawal`) orders them: hold → send → confirm → settle, a failure releasing the hold.
 *
 * Money: the hold moves the amount from its source (`available`, or a seller's `proceeds`) to the user's
 * `held` with an ACTIVE hold row, as any hold, so the user's balance, held and spendable tell the truth
 * while the transaction is on its way; settling moves it from `held` to the platform's `chain_clearing`
 * (money out), a failure back to its source. Only deposits can be withdrawn: on-chain value backing
 * holds is not money the wallet has.
 */
import type { WithdrawalSource, WithdrawalStatus } from '@app/contracts';
import { WithdrawalFailureCodes as Codes } from '@app/contracts';
import type { HoldStatus } from './hold';

export interface WithdrawalFunds {
  /** available + held, as `wallet_accounts.balance`. */
  balance: bigint;
  held: bigint;
  proceeds: bigint;
}

export interface Refused {
  kind: 'refused';
  code: string;
  reason: string;
}

/** What can be withdrawn from a source: available deposits (never on-chain value), or proceeds. */
export function withdrawable(funds: WithdrawalFunds, source: WithdrawalSource): bigint {
  const amount = source === 'proceeds' ? funds.proceeds : funds.balance - funds.held;
  return amount > 0n ? amount : 0n;
}

export function decideWithdrawalHold(
  funds: WithdrawalFunds | undefined,
  request: { amount: bigint; source: WithdrawalSource; addressLinked: boolean; hotWallet: boolean },
): { kind: 'held' } | Refused {
  if (request.amount <= 0n) throw new RangeError('a withdrawal must be positive');
  if (!request.hotWallet)
    return {
      kind: 'refused',
      code: Codes.chainRejected,
      reason: 'withdrawals are not configured (no hot wallet)',
    };
  if (!funds) return { kind: 'refused', code: Codes.notFound, reason: 'the user has no wallet' };
  if (!request.addressLinked)
    return { kind: 'refused', code: Codes.addressNotLinked, reason: 'the address is not linked to the user' };
  const can = withdrawable(funds, request.source);
  if (can < request.amount)
    return {
      kind: 'refused',
      code: Codes.insufficientFunds,
      reason: `${request.source} ${can} is less than ${request.amount}`,
    };
  return { kind: 'held' };
}

/**
 * The transaction's life as the wallet records it:
 * NONE (not signed) → SIGNED (stored, not yet accepted by a node) → BROADCAST → MINED (deep enough),
 * or REJECTED (the node refused it), REVERTED (mined, failed), DROPPED (its nonce taken by the replacement).
 */
export const TX_STATES = ['NONE', 'SIGNED', 'BROADCAST', 'MINED', 'REJECTED', 'REVERTED', 'DROPPED'] as const;
export type TxState = (typeof TX_STATES)[number];

/** A transaction that may still be mined (its money may still leave). */
export const txInFlight = (state: TxState): boolean => state === 'SIGNED' || state === 'BROADCAST';

export interface WithdrawalState {
  status: WithdrawalStatus;
  txState: TxState;
  /** Its hold: null when the hold was refused (nothing was moved). */
  holdStatus: HoldStatus | null;
}

/**
 * The hold's compensation. It returns the money unless a signed transaction may still be mined or was:
 * then it is refused (the saga stops in COMPENSATION_FAILED for an operator) rather than paying twice.
 */
export function decideWithdrawalRelease(
  w: WithdrawalState | undefined,
): { kind: 'released' } | { kind: 'ignored'; reason: string } | Refused {
  if (!w || w.holdStatus === null) return { kind: 'ignored', reason: 'nothing was held' };
  if (txInFlight(w.txState))
    return {
      kind: 'refused',
      code: Codes.inFlight,
      reason: `its transaction is ${w.txState} and may still be mined`,
    };
  if (w.txState === 'MINED' || w.holdStatus === 'CAPTURED')
    return { kind: 'refused', code: Codes.inFlight, reason: 'its transaction was mined: the money is out' };
  if (w.holdStatus === 'RELEASED') return { kind: 'ignored', reason: 'already released' };
  return { kind: 'released' };
}

/** What the wallet saw on the chain about a withdrawal's transaction. */
export interface ChainObservation {
  /** The original transaction's receipt, if mined. */
  receipt: { status: number; blockNumber: bigint } | null;
  /** The latest block number. */
  head: bigint;
  /** The hot wallet's transaction count at the block `confirmations` deep (head − confirmations + 1). */
  nonceCountAtDepth: bigint;
  nonce: bigint;
  confirmations: number;
  /** Since the transaction was signed. */
  ageMs: number;
  dropAfterMs: number;
  replaced: boolean;
}

export type ChainVerdict =
  | { kind: 'confirmed'; blockNumber: bigint; depth: number }
  | { kind: 'reverted'; blockNumber: bigint }
  | { kind: 'dropped'; reason: string }
  /** Mined, not deep enough yet. */
  | { kind: 'burying'; depth: number }
  /** Not mined yet, before the deadline: broadcast the same signed bytes again (a node may have lost it). */
  | { kind: 'rebroadcast' }
  /** Past the deadline: sign and send the replacement (0-value self-transfer at the same nonce). */
  | { kind: 'replace' }
  /** Replaced, neither mined deep enough yet: broadcast both again. */
  | { kind: 'awaitReplacement' };

/**
 * Whether a withdrawal's transaction counts, failed, or is still open. It is DROPPED only when it can
 * never be mined: it has no receipt and its nonce is used, `confirmations` deep, by another transaction
 * (normally the replacement the wallet sent after the deadline). Reverted counts only once deep enough
 * too: a reorganisation could still change it.
 */
export function judgeTransaction(o: ChainObservation): ChainVerdict {
  if (o.receipt) {
    const depth = Number(o.head - o.receipt.blockNumber + 1n);
    if (depth < o.confirmations) return { kind: 'burying', depth };
    return o.receipt.status === 1
      ? { kind: 'confirmed', blockNumber: o.receipt.blockNumber, depth }
      : { kind: 'reverted', blockNumber: o.receipt.blockNumber };
  }
  if (o.nonceCountAtDepth > o.nonce)
    return {
      kind: 'dropped',
      reason: `nonce ${o.nonce} was used by another transaction ${o.confirmations} block(s) deep; this one was never mined`,
    };
  if (o.ageMs < o.dropAfterMs) return { kind: 'rebroadcast' };
  return o.replaced ? { kind: 'awaitReplacement' } : { kind: 'replace' };
}

/**
 * The nonce for a new transaction of the hot wallet: the lowest one at or above the count the node has
 * mined that no transaction of ours still in flight holds. A nonce whose transaction the node rejected is
 * free again, so a refusal leaves no gap that would block every later withdrawal.
 */
export function nextNonce(minedCount: bigint, inFlight: readonly bigint[]): bigint {
  const taken = new Set(inFlight.map(String));
  let n = minedCount;
  while (taken.has(n.toString())) n += 1n;
  return n;
}

/** Wei sent for an amount of minor units. */
export const weiFor = (amount: bigint, weiPerMinorUnit: bigint): bigint => amount * weiPerMinorUnit;

/** How a JSON-RPC node answered eth_sendRawTransaction with an error. */
export type BroadcastOutcome = 'accepted' | 'known' | 'nonceUsed' | { rejected: string };

/**
 * Node error messages (geth, ganache, nethermind wordings): the node has it already, its nonce is used
 * (mined — by it or another), or a definite refusal.
 */
export function classifyBroadcastError(message: string): BroadcastOutcome {
  const m = message.toLowerCase();
  if (/already known|known transaction|already imported|already exists/.test(m)) return 'known';
  if (/nonce too low|nonce has already been used|oldnonce|old nonce/.test(m)) return 'nonceUsed';
  return { rejected: message };
}
