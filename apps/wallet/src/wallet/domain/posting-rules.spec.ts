import { journalEntry, JournalEntry, Posting } from './ledger';
import { PostingRules, splitFee } from './posting-rules';

const sum = (postings: Posting[]): bigint => postings.reduce((total, p) => total + p.amount, 0n);
const entry = (postings: Posting[]): JournalEntry =>
  journalEntry({ kind: 'escrow_paid_out', causeId: 'c', reference: 'r', details: {}, postings });

describe('posting rules', () => {
  const split = splitFee(10_000n, 500);

  it.each([
    ['topUp', PostingRules.topUp('u1', 2500n)],
    ['chainDeposit', PostingRules.chainDeposit('u1', 2500n)],
    ['holdPlaced', PostingRules.holdPlaced('u1', 700n)],
    ['holdReleased', PostingRules.holdReleased('u1', 700n)],
    ['holdCaptured', PostingRules.holdCaptured('u1', 700n)],
    ['escrowPaidOut', PostingRules.escrowPaidOut('s1', split)],
    ['escrowPayoutReversed', PostingRules.escrowPayoutReversed('s1', split)],
    ['escrowRefunded', PostingRules.escrowRefunded('u1', 700n)],
    ['withdrawalHeld', PostingRules.withdrawalHeld('u1', 'available', 700n)],
    ['withdrawalReleased', PostingRules.withdrawalReleased('s1', 'proceeds', 700n)],
    ['chainWithdrawal', PostingRules.chainWithdrawal('u1', 700n)],
  ])('%s balances', (_name, postings) => {
    expect(sum(postings)).toBe(0n);
    expect(() => entry(postings)).not.toThrow();
  });

  it('moves a top-up from the outside world to the user', () => {
    expect(PostingRules.topUp('u1', 2500n)).toEqual([
      { account: { type: 'external' }, amount: -2500n },
      { account: { type: 'available', owner: 'u1' }, amount: 2500n },
    ]);
  });

  it('moves a chain deposit from the chain clearing account to the user, apart from top-ups', () => {
    expect(PostingRules.chainDeposit('u1', 100_000n)).toEqual([
      { account: { type: 'chain_clearing' }, amount: -100_000n },
      { account: { type: 'available', owner: 'u1' }, amount: 100_000n },
    ]);
  });

  it('holds a withdrawal from its source and returns it there; a settled one goes out to the chain', () => {
    expect(PostingRules.withdrawalHeld('s1', 'proceeds', 700n)).toEqual([
      { account: { type: 'proceeds', owner: 's1' }, amount: -700n },
      { account: { type: 'held', owner: 's1' }, amount: 700n },
    ]);
    expect(PostingRules.withdrawalReleased('u1', 'available', 700n)).toEqual([
      { account: { type: 'held', owner: 'u1' }, amount: -700n },
      { account: { type: 'available', owner: 'u1' }, amount: 700n },
    ]);
    expect(PostingRules.chainWithdrawal('u1', 700n)).toEqual([
      { account: { type: 'held', owner: 'u1' }, amount: -700n },
      { account: { type: 'chain_clearing' }, amount: 700n },
    ]);
  });

  it('moves chain_clearing down by deposits and back up by withdrawals: its balance is withdrawn − deposited', () => {
    const clearing = (postings: Posting[]) =>
      postings.filter((p) => p.account.type === 'chain_clearing').reduce((t, p) => t + p.amount, 0n);
    expect(
      clearing(PostingRules.chainDeposit('u1', 1_000n)) + clearing(PostingRules.chainWithdrawal('u1', 700n)),
    ).toBe(-300n);
  });

  it('moves a capture into escrow, not into nowhere', () => {
    expect(PostingRules.holdCaptured('u1', 700n)).toEqual([
      { account: { type: 'held', owner: 'u1' }, amount: -700n },
      { account: { type: 'escrow' }, amount: 700n },
    ]);
  });

  it('pays escrow out to the seller minus the fee, and the fee to the platform', () => {
    expect(PostingRules.escrowPaidOut('s1', split)).toEqual([
      { account: { type: 'escrow' }, amount: -10_000n },
      { account: { type: 'proceeds', owner: 's1' }, amount: 9_500n },
      { account: { type: 'fees' }, amount: 500n },
    ]);
  });

  it('reverses a payout exactly', () => {
    const paid = PostingRules.escrowPaidOut('s1', split);
    const reversed = PostingRules.escrowPayoutReversed('s1', split);
    expect(entry([...paid, ...reversed]).postings).toEqual([]);
  });

  it('refuses a movement of nothing or less', () => {
    expect(() => PostingRules.holdPlaced('u1', 0n)).toThrow(RangeError);
    expect(() => PostingRules.topUp('u1', -1n)).toThrow(RangeError);
  });
});

describe('the platform fee in basis points', () => {
  it('takes 5 % by default arithmetic: 500 bps of 10,000 is 500', () => {
    expect(splitFee(10_000n, 500)).toEqual({ feeBps: 500, fee: 500n, payout: 9_500n });
  });

  it('rounds the fee down to a whole minor unit; the fraction stays with the seller', () => {
    // 5 % of 1,999 is 99.95 → fee 99, payout 1,900
    expect(splitFee(1_999n, 500)).toEqual({ feeBps: 500, fee: 99n, payout: 1_900n });
    // 2.5 % of 1 is 0.025 → no fee at all
    expect(splitFee(1n, 250)).toEqual({ feeBps: 250, fee: 0n, payout: 1n });
    // 1 bp of 9,999 is 0.9999 → 0
    expect(splitFee(9_999n, 1)).toEqual({ feeBps: 1, fee: 0n, payout: 9_999n });
  });

  it('loses nothing: fee + payout = the captured amount, and the fee never exceeds the rate', () => {
    const amounts = [1n, 2n, 99n, 101n, 1_999n, 123_457n, 10n ** 15n + 7n, 9_223_372_036_854_775_807n];
    for (const amount of amounts)
      for (const bps of [0, 1, 7, 250, 333, 500, 999, 5_000, 9_999, 10_000]) {
        const { fee, payout } = splitFee(amount, bps);
        expect(fee + payout).toBe(amount);
        expect(fee * 10_000n).toBeLessThanOrEqual(amount * BigInt(bps));
        expect((fee + 1n) * 10_000n).toBeGreaterThan(amount * BigInt(bps));
        expect(fee).toBeGreaterThanOrEqual(0n);
        expect(payout).toBeGreaterThanOrEqual(0n);
      }
  });

  it('covers the ends of the range: no fee, and all of it', () => {
    expect(splitFee(777n, 0)).toMatchObject({ fee: 0n, payout: 777n });
    expect(splitFee(777n, 10_000)).toMatchObject({ fee: 777n, payout: 0n });
  });

  it.each([-1, 10_001, 2.5, Number.NaN])('refuses %p basis points', (bps) => {
    expect(() => splitFee(100n, bps)).toThrow(RangeError);
  });

  it('refuses to split nothing', () => {
    expect(() => splitFee(0n, 500)).toThrow(RangeError);
  });
});
