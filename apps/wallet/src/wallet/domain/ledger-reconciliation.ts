/**
 * Reconciliation of the wallet's projections with its journal, and of the journal with the facts kept
 * beside it. Pure: the reader gathers the numbers in one snapshot, this decides what they mean.
 */
import { AccountType, OWNED_ACCOUNTS, PLATFORM_ACCOUNTS } from './ledger';

export interface JournalTotals {
  entries: number;
  currencies: string[];
  /** Sum of postings per account type (all owners). */
  byAccount: Partial<Record<AccountType, bigint>>;
  /** Entries whose postings do not add up to zero (the database refuses them; this proves it). */
  unbalancedEntries: { entryId: string; sum: bigint }[];
}

/** Facts recorded outside the journal that the journal must agree with. */
export interface OutsideFacts {
  /** Money that came in: credited deposits, top-ups and chain deposits together. */
  deposits: bigint;
  /** The part of `deposits` that came from the chain (credited chain deposits). */
  chainDeposits: bigint;
  /**
   * Money that went out: settled withdrawals (from the `withdrawals` table). Every withdrawal goes to the
   * chain, so this is also what chain_clearing received.
   */
  withdrawals: bigint;
  /** Captures whose escrow has no settlement in force. */
  unsettledCaptures: bigint;
  /** Fees of the payouts in force. */
  feesCharged: bigint;
}

/** One user's projections next to what their postings add up to; null where a projection has no row. */
export interface ProjectionRow {
  userId: string;
  balance: bigint | null;
  held: bigint | null;
  proceeds: bigint | null;
  activeHolds: bigint | null;
  journalBalance: bigint;
  journalHeld: bigint;
  journalProceeds: bigint;
}

export const PROJECTIONS = [
  'wallet_accounts.balance',
  'wallet_accounts.held',
  'wallet_accounts.proceeds',
  'holds.active',
] as const;
export type Projection = (typeof PROJECTIONS)[number];

export interface ProjectionDifference {
  userId: string;
  projection: Projection;
  projected: string;
  journal: string;
}

export interface Check {
  name: string;
  expected: string;
  actual: string;
  ok: boolean;
}

export interface LedgerReconciliationReport {
  ok: boolean;
  at: string;
  currency: string;
  entries: number;
  /** Balance of every account type from the journal, integer minor units as decimal strings. */
  accounts: Record<AccountType, string>;
  checks: Check[];
  differences: ProjectionDifference[];
  unbalancedEntries: { entryId: string; sum: string }[];
  /** More users differ than were listed. */
  truncated: boolean;
}

/** Every projection of one user that differs from the journal (a missing row counts as zero). */
export function projectionDifferences(row: ProjectionRow): ProjectionDifference[] {
  const pairs: [Projection, bigint | null, bigint][] = [
    ['wallet_accounts.balance', row.balance, row.journalBalance],
    ['wallet_accounts.held', row.held, row.journalHeld],
    ['wallet_accounts.proceeds', row.proceeds, row.journalProceeds],
    ['holds.active', row.activeHolds, row.journalHeld],
  ];
  return pairs
    .filter(([, projected, journal]) => (projected ?? 0n) !== journal)
    .map(([projection, projected, journal]) => ({
      userId: row.userId,
      projection,
      projected: (projected ?? 0n).toString(),
      journal: journal.toString(),
    }));
}

const check = (name: string, expected: bigint | string, actual: bigint | string): Check => ({
  name,
  expected: expected.toString(),
  actual: actual.toString(),
  ok: expected.toString() === actual.toString(),
});

export function reconcileLedger(input: {
  totals: JournalTotals;
  facts: OutsideFacts;
  differences: ProjectionDifference[];
  truncated: boolean;
  currency: string;
  at: Date;
}): LedgerReconciliationReport {
  const { totals, facts } = input;
  const balance = (type: AccountType): bigint => totals.byAccount[type] ?? 0n;
  const all = [...OWNED_ACCOUNTS, ...PLATFORM_ACCOUNTS];
  const inside =
    balance('available') + balance('held') + balance('proceeds') + balance('escrow') + balance('fees');
  const foreign = totals.currencies.filter((c) => c !== input.currency);
  const checks = [
    check(
      'the postings of all entries add up to zero',
      0n,
      all.reduce((sum, t) => sum + balance(t), 0n),
    ),
    check('every entry balances (entries that do not)', 0n, BigInt(totals.unbalancedEntries.length)),
    check(
      'users + sellers + escrow + fees = deposits in − withdrawals out',
      facts.deposits - facts.withdrawals,
      inside,
    ),
    check('escrow = captures not yet paid out or refunded', facts.unsettledCaptures, balance('escrow')),
    check('fees = the fees of payouts in force', facts.feesCharged, balance('fees')),
    // chainDeposit posts chain_clearing → available, chainWithdrawal held → chain_clearing
    check(
      'chain clearing = withdrawals settled − chain deposits credited',
      facts.withdrawals - facts.chainDeposits,
      balance('chain_clearing'),
    ),
    check('projections equal the journal (differences)', 0n, BigInt(input.differences.length)),
    check('one currency (entries in another)', '', foreign.join(',')),
  ];
  return {
    ok: checks.every((c) => c.ok),
    at: input.at.toISOString(),
    currency: input.currency,
    entries: totals.entries,
    accounts: Object.fromEntries(all.map((t) => [t, balance(t).toString()])) as Record<AccountType, string>,
    checks,
    differences: input.differences,
    unbalancedEntries: totals.unbalancedEntries.map((u) => ({ entryId: u.entryId, sum: u.sum.toString() })),
    truncated: input.truncated,
  };
}
