import {
  closeOutcome,
  extendedEnd,
  Increment,
  incrementAbove,
  minimumNextBid,
  resolveProxy,
} from './pricing';

const abs = (n: bigint): Increment => ({ kind: 'absolute', minor: n });
const pct = (bp: bigint): Increment => ({ kind: 'percent', basisPoints: bp });

describe('pricing rules', () => {
  it('the first bid needs the start price, later bids the current price plus the increment', () => {
    expect(minimumNextBid({ startPrice: 1000n, increment: abs(50n), currentPrice: null })).toBe(1000n);
    expect(minimumNextBid({ startPrice: 1000n, increment: abs(50n), currentPrice: 1000n })).toBe(1050n);
  });

  it.each([
    [1000n, 500n, 50n], // 5% of 1000
    [1001n, 500n, 51n], // 50.05 rounds up
    [999n, 100n, 10n], // 9.99 rounds up
    [1n, 100n, 1n], // never below one minor unit
    [0n, 100n, 1n],
    [12_345n, 250n, 309n], // 2.5% = 308.625 → 309
  ])('a percent increment above %s at %s bp is %s', (price, bp, expected) => {
    expect(incrementAbove(pct(bp), price)).toBe(expected);
  });

  it('soft close extends to now + extension inside the window, never shortens, not outside it', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    expect(extendedEnd({ endsAt: at(3), windowS: 10, extensionS: 10 }, now)).toEqual(at(10));
    expect(extendedEnd({ endsAt: at(10), windowS: 10, extensionS: 10 }, now)).toBeUndefined();
    expect(extendedEnd({ endsAt: at(8), windowS: 10, extensionS: 5 }, now)).toBeUndefined();
    expect(extendedEnd({ endsAt: at(30), windowS: 10, extensionS: 60 }, now)).toBeUndefined();
  });

  it('closes SOLD with a leader meeting the reserve, else UNSOLD with the reason', () => {
    expect(closeOutcome(null, null)).toEqual({ outcome: 'UNSOLD', reason: 'NO_BIDS' });
    expect(closeOutcome(null, 500n)).toEqual({ outcome: 'UNSOLD', reason: 'NO_BIDS' });
    expect(closeOutcome(499n, 500n)).toEqual({ outcome: 'UNSOLD', reason: 'RESERVE_NOT_MET' });
    expect(closeOutcome(500n, 500n)).toEqual({ outcome: 'SOLD' });
    expect(closeOutcome(10n, null)).toEqual({ outcome: 'SOLD' });
  });

  describe('proxy bidding', () => {
    const leader = { bidderId: 'a', amount: 1000n, maxAmount: 2000n };
    it('with no leader the challenger leads at their bid', () => {
      expect(resolveProxy(abs(100n), null, 1000n, 5000n)).toEqual({ kind: 'challengerLeads', amount: 1000n });
    });
    it('a leader whose maximum covers the bid counter-bids one increment above it', () => {
      expect(resolveProxy(abs(100n), leader, 1100n, null)).toEqual({ kind: 'leaderHolds', amount: 1200n });
    });
    it('the counter-bid is capped at the leader maximum, and a tie goes to the leader', () => {
      expect(resolveProxy(abs(100n), leader, 1950n, null)).toEqual({ kind: 'leaderHolds', amount: 2000n });
      expect(resolveProxy(abs(100n), leader, 2000n, null)).toEqual({ kind: 'leaderHolds', amount: 2000n });
    });
    it('a challenger above the leader maximum leads at their bid', () => {
      expect(resolveProxy(abs(100n), leader, 2001n, null)).toEqual({
        kind: 'challengerLeads',
        amount: 2001n,
      });
    });
    it('a challenger with a higher maximum leads at one increment above the leader maximum', () => {
      expect(resolveProxy(abs(100n), leader, 1100n, 5000n)).toEqual({
        kind: 'challengerLeads',
        amount: 2100n,
      });
      expect(resolveProxy(abs(100n), leader, 1100n, 2050n)).toEqual({
        kind: 'challengerLeads',
        amount: 2050n,
      });
    });
    it('a leader without a maximum above their bid never counter-bids', () => {
      const plain = { bidderId: 'a', amount: 1000n, maxAmount: 1000n };
      expect(resolveProxy(abs(100n), plain, 1100n, null)).toEqual({ kind: 'challengerLeads', amount: 1100n });
    });
  });
});
