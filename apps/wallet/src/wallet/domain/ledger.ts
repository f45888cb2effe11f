/**
 * The wallet's double-entry journal. Every movement of money is one entry of postings between accounts
 * whose amounts (signed integer minor units) add up to zero; a balance is the sum of an account's
 * postings. Pure: building and checking entries, and what an entry does to a user's projections.
 *
 * Sign: a posting adds its amount to its account. Money a user or the platform has is positive; the
 * counterparty accounts of the outside world (`external`, `chain_clearing`) go negative by what came in.
 */
import type { Funds } from './hold';

/** Accounts of one user: spendable deposits, money held for sagas, a seller's proceeds. */
export const OWNED_ACCOUNTS = ['available', 'held', 'proceeds'] as const;
/**
 * The platform's accounts: `escrow` (captured, not yet paid out or refunded), `fees` (the platform's
 * commission), `chain_clearing` (deposits from and withdrawals to the chain), `external` (the
 * counterparty of top-ups through the HTTP API: a card processor, a test faucet).
 */
export const PLATFORM_ACCOUNTS = ['escrow', 'fees', 'chain_clearing', 'external'] as const;
export type OwnedAccountType = (typeof OWNED_ACCOUNTS)[number];
export type PlatformAccountType = (typeof PLATFORM_ACCOUNTS)[number];
export type AccountType = OwnedAccountType | PlatformAccountType;

export type Account = { type: OwnedAccountType; owner: string } | { type: PlatformAccountType };

export const ENTRY_KINDS = [
  'opening',
  'top_up',
  'hold_placed',
  'hold_released',
  'hold_captured',
  'escrow_paid_out',
  'escrow_payout_reversed',
  'escrow_refunded',
  'chain_deposit',
  'withdrawal_held',
  'withdrawal_released',
  'chain_withdrawal',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface Posting {
  account: Account;
  amount: bigint;
}

export interface JournalEntry {
  kind: EntryKind;
  /** What caused it, unique in the journal: the saga command id, `deposit:<id>`, a migration. */
  causeId: string;
  sagaId?: string;
  /** What it is about, e.g. `order:<orderId>` or `allowance:<lotId>:<bidderId>`. */
  reference: string;
  /** Facts worth keeping with the entry (hold and capture ids, the fee rate), as text. */
  details: Record<string, string>;
  postings: Posting[];
}

export class UnbalancedEntryError extends Error {
  constructor(kind: EntryKind, sum: bigint) {
    super(`a ${kind} entry must balance, its postings add up to ${sum}`);
  }
}

export const ownerOf = (account: Account): string => ('owner' in account ? account.owner : '');

const keyOf = (account: Account): string => `${account.type}\u0000${ownerOf(account)}`;

/**
 * An entry as it is written: postings to the same account merged, zero postings dropped, and the rest
 * checked to add up to zero (an entry that does not balance is a bug, never written).
 */
export function journalEntry(entry: JournalEntry): JournalEntry {
  const merged = new Map<string, Posting>();
  for (const p of entry.postings) {
    const key = keyOf(p.account);
    merged.set(key, { account: p.account, amount: (merged.get(key)?.amount ?? 0n) + p.amount });
  }
  const postings = [...merged.values()].filter((p) => p.amount !== 0n);
  const sum = postings.reduce((total, p) => total + p.amount, 0n);
  if (sum !== 0n) throw new UnbalancedEntryError(entry.kind, sum);
  return { ...entry, postings };
}

/** What an entry changes in one user's projections: balance (available + held), held and proceeds. */
export interface OwnerDelta {
  owner: string;
  balance: bigint;
  held: bigint;
  proceeds: bigint;
}

export function ownerDeltas(postings: readonly Posting[]): OwnerDelta[] {
  const byOwner = new Map<string, OwnerDelta>();
  for (const { account, amount } of postings) {
    if (!('owner' in account)) continue;
    const d = byOwner.get(account.owner) ?? { owner: account.owner, balance: 0n, held: 0n, proceeds: 0n };
    if (account.type === 'proceeds') d.proceeds += amount;
    else d.balance += amount;
    if (account.type === 'held') d.held += amount;
    byOwner.set(account.owner, d);
  }
  return [...byOwner.values()];
}

/** A user's funds after an entry: the projection the wallet keeps in `wallet_accounts`. */
export function evolveFunds(funds: Funds, owner: string, postings: readonly Posting[]): Funds {
  const d = ownerDeltas(postings).find((x) => x.owner === owner);
  return d ? { balance: funds.balance + d.balance, held: funds.held + d.held } : funds;
}

/** The cause of an entry made by a saga command: its command id (unique) and saga. */
export const causedBy = (command: { commandId: string; sagaId: string }) => ({
  causeId: command.commandId,
  sagaId: command.sagaId,
});
