import type { AccountType, Posting } from './ledger';
import { JournalTotals, OutsideFacts, projectionDifferences, reconcileLedger } from './ledger-reconciliation';
import { PostingRules } from './posting-rules';

const at = new Date('2025-03-01T12:00:00Z');
/** A deposit of 10,000; 3,000 held; a 2,000 capture paid out at 5 %; 1,000 captured and unsettled. */
const totals: JournalTotals = {
  entries: 6,
  currencies: ['USD'],
  byAccount: {
    external: -10_000n,
    available: 4_000n,
    held: 3_000n,
    escrow: 1_000n,
    proceeds: 1_900n,
    fees: 100n,
  },
  unbalancedEntries: [],
};
const facts: OutsideFacts = {
  deposits: 10_000n,
  chainDeposits: 0n,
  withdrawals: 0n,
  unsettledCaptures: 1_000n,
  feesCharged: 100n,
};
const run = (over: Partial<Parameters<typeof reconcileLedger>[0]> = {}) =>
  reconcileLedger({ totals, facts, differences: [], truncated: false, currency: 'USD', at, ...over });

describe('ledger reconciliation', () => {
  it('passes when the journal balances, money is conserved and the projections agree', () => {
    const report = run();
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    expect(report.accounts).toEqual({
      available: '4000',
      held: '3000',
      proceeds: '1900',
      escrow: '1000',
      fees: '100',
      chain_clearing: '0',
      external: '-10000',
    });
  });

  it('fails when the postings do not add up to zero', () => {
    const report = run({ totals: { ...totals, byAccount: { ...totals.byAccount, fees: 101n } } });
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(
      expect.arrayContaining([expect.stringContaining('add up to zero'), expect.stringContaining('fees =')]),
    );
  });

  it('fails when money inside differs from what came in', () => {
    const report = run({ facts: { ...facts, deposits: 10_001n } });
    expect(report.checks.find((c) => c.name.startsWith('users + sellers'))).toMatchObject({
      ok: false,
      expected: '10001',
      actual: '10000',
    });
  });

  it('counts chain deposits as money in, and checks chain clearing against them', () => {
    // 2,500 more came from the chain: chain_clearing −2,500 → available
    const withChain = {
      ...totals,
      byAccount: { ...totals.byAccount, chain_clearing: -2_500n, available: 6_500n },
    };
    const report = run({ totals: withChain, facts: { ...facts, deposits: 12_500n, chainDeposits: 2_500n } });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    const missing = run({ totals: withChain, facts: { ...facts, deposits: 12_500n, chainDeposits: 2_000n } });
    expect(missing.checks.find((c) => c.name.startsWith('chain clearing'))).toMatchObject({
      ok: false,
      expected: '-2000',
      actual: '-2500',
    });
  });

  it('counts settled withdrawals as money out, and chain clearing as withdrawn − deposited (the posting rules)', () => {
    // 2,500 came from the chain, then 700 went out to it: withdrawal_held, then chain_withdrawal
    const postings: Posting[] = [
      ...PostingRules.chainDeposit('u1', 2_500n),
      ...PostingRules.withdrawalHeld('u1', 'available', 700n),
      ...PostingRules.chainWithdrawal('u1', 700n),
    ];
    const byAccount = { ...totals.byAccount };
    for (const p of postings) {
      const type: AccountType = p.account.type;
      byAccount[type] = (byAccount[type] ?? 0n) + p.amount;
    }
    expect(byAccount).toMatchObject({ chain_clearing: -1_800n, available: 5_800n, held: 3_000n });
    const after = { facts: { ...facts, deposits: 12_500n, chainDeposits: 2_500n, withdrawals: 700n } };
    const report = run({ totals: { ...totals, byAccount }, ...after });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.find((c) => c.name.startsWith('chain clearing'))).toMatchObject({
      expected: '-1800',
    });

    // a settled withdrawal the journal does not know of (or the reverse) fails both money checks
    const unrecorded = run({ totals: { ...totals, byAccount }, facts: { ...after.facts, withdrawals: 0n } });
    expect(unrecorded.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      expect.stringContaining('users + sellers'),
      expect.stringContaining('chain clearing'),
    ]);
  });

  it('fails when escrow is not the captures still unsettled', () => {
    expect(run({ facts: { ...facts, unsettledCaptures: 0n } }).ok).toBe(false);
  });

  it('fails on a projection difference, an unbalanced entry or a second currency', () => {
    const differences = [
      { userId: 'u1', projection: 'wallet_accounts.held' as const, projected: '1', journal: '0' },
    ];
    expect(run({ differences }).ok).toBe(false);
    expect(run({ totals: { ...totals, unbalancedEntries: [{ entryId: 'e', sum: 1n }] } }).ok).toBe(false);
    expect(run({ totals: { ...totals, currencies: ['USD', 'EUR'] } }).ok).toBe(false);
  });

  it('lists each projection of a user that differs from the journal, a missing row as zero', () => {
    expect(
      projectionDifferences({
        userId: 'u1',
        balance: 500n,
        held: 200n,
        proceeds: null,
        activeHolds: 300n,
        journalBalance: 500n,
        journalHeld: 200n,
        journalProceeds: 50n,
      }),
    ).toEqual([
      { userId: 'u1', projection: 'wallet_accounts.proceeds', projected: '0', journal: '50' },
      { userId: 'u1', projection: 'holds.active', projected: '300', journal: '200' },
    ]);
  });
});
