import {
  coveredByDeposits,
  decideCapture,
  decideConfirmHold,
  decidePlaceHold,
  decideRelease,
  spendable,
} from './hold';
import { evolveFunds } from './ledger';
import { PostingRules } from './posting-rules';

describe('hold decisions', () => {
  const funds = { balance: 1000n, held: 300n };
  /** The user's funds after the journal entry a decision posts. */
  const after = (postings: ReturnType<typeof PostingRules.holdPlaced>, from = funds) =>
    evolveFunds(from, 'u1', postings);

  describe('place', () => {
    it('places a hold that fits the spendable balance, growing held only', () => {
      expect(decidePlaceHold(funds, 700n)).toEqual({ kind: 'placed' });
      expect(after(PostingRules.holdPlaced('u1', 700n))).toEqual({ balance: 1000n, held: 1000n });
    });

    it('rejects a hold larger than balance − held with WALLET.INSUFFICIENT_FUNDS', () => {
      expect(decidePlaceHold(funds, 701n)).toMatchObject({
        kind: 'rejected',
        code: 'WALLET.INSUFFICIENT_FUNDS',
      });
    });

    it('rejects a hold for a missing wallet with WALLET.NOT_FOUND', () => {
      expect(decidePlaceHold(undefined, 1n)).toMatchObject({ kind: 'rejected', code: 'WALLET.NOT_FOUND' });
    });

    it('refuses a non-positive amount as a programming error', () => {
      expect(() => decidePlaceHold(funds, 0n)).toThrow(RangeError);
    });

    it('never lets successive holds exceed the balance', () => {
      let current = { balance: 500n, held: 0n };
      let placed = 0;
      for (let i = 0; i < 20; i++) {
        const d = decidePlaceHold(current, 100n);
        if (d.kind === 'placed') {
          current = after(PostingRules.holdPlaced('u1', 100n), current);
          placed++;
        }
      }
      expect(placed).toBe(5);
      expect(spendable(current)).toBe(0n);
    });
  });

  describe('place against on-chain value', () => {
    it('counts verified on-chain value in spendable: balance + onChain − held', () => {
      expect(spendable(funds, 500n)).toBe(1200n);
      expect(decidePlaceHold(funds, 1200n, 500n)).toEqual({ kind: 'placed' });
      expect(after(PostingRules.holdPlaced('u1', 1200n))).toEqual({ balance: 1000n, held: 1500n });
    });

    it('lets held exceed the deposits when the chain covers it, never balance + onChain', () => {
      const empty = { balance: 0n, held: 0n };
      expect(decidePlaceHold(empty, 900n, 1000n)).toEqual({ kind: 'placed' });
      expect(after(PostingRules.holdPlaced('u1', 900n), empty)).toEqual({ balance: 0n, held: 900n });
      expect(decidePlaceHold({ balance: 0n, held: 900n }, 101n, 1000n)).toMatchObject({
        kind: 'rejected',
        code: 'WALLET.INSUFFICIENT_FUNDS',
        reason: expect.stringContaining('on-chain'),
      });
    });

    it('needs the chain only when the deposits fall short', () => {
      expect(coveredByDeposits(funds, 700n)).toBe(true);
      expect(coveredByDeposits(funds, 701n)).toBe(false);
    });

    it('never reports a negative spendable after on-chain value fell', () => {
      expect(spendable({ balance: 0n, held: 900n }, 100n)).toBe(0n);
    });
  });

  describe('release', () => {
    it('gives an active hold back', () => {
      expect(decideRelease({ status: 'ACTIVE', amount: 300n }, funds)).toEqual({ kind: 'released' });
      expect(after(PostingRules.holdReleased('u1', 300n))).toEqual({ balance: 1000n, held: 0n });
    });

    it.each(['RELEASED', 'CAPTURED'] as const)('ignores a %s hold', (status) => {
      expect(decideRelease({ status, amount: 300n }, funds).kind).toBe('ignored');
    });

    it('ignores a hold that was never placed', () => {
      expect(decideRelease(undefined, funds)).toEqual({ kind: 'ignored', reason: 'no hold was placed' });
    });
  });

  describe('capture', () => {
    it('takes an active hold out of balance and held (into escrow)', () => {
      expect(decideCapture({ status: 'ACTIVE', amount: 300n }, funds)).toEqual({ kind: 'captured' });
      expect(after(PostingRules.holdCaptured('u1', 300n))).toEqual({ balance: 700n, held: 0n });
    });

    it('is idempotent for a captured hold', () => {
      expect(decideCapture({ status: 'CAPTURED', amount: 300n }, funds)).toEqual({ kind: 'alreadyCaptured' });
    });

    it('rejects a released hold with WALLET.HOLD_NOT_ACTIVE', () => {
      expect(decideCapture({ status: 'RELEASED', amount: 300n }, funds)).toMatchObject({
        code: 'WALLET.HOLD_NOT_ACTIVE',
      });
    });

    it('rejects an unknown hold with WALLET.HOLD_NOT_FOUND', () => {
      expect(decideCapture(undefined, funds)).toMatchObject({ code: 'WALLET.HOLD_NOT_FOUND' });
    });

    it('does not capture a hold the deposits do not cover (backed by on-chain value), keeping balance ≥ 0', () => {
      expect(decideCapture({ status: 'ACTIVE', amount: 900n }, { balance: 100n, held: 900n })).toMatchObject({
        kind: 'rejected',
        code: 'WALLET.INSUFFICIENT_FUNDS',
      });
    });
  });

  describe('confirm (auction order adopts the winning hold)', () => {
    const hold = { userId: 'u1', status: 'ACTIVE' as const, amount: 500n };

    it('confirms an active hold of the user that covers the amount', () => {
      expect(decideConfirmHold(hold, 'u1', 500n)).toEqual({ kind: 'confirmed' });
      expect(decideConfirmHold(hold, 'u1', 400n)).toEqual({ kind: 'confirmed' });
    });

    it.each([
      ['a missing hold', undefined, 'u1', 500n, 'no such hold'],
      ["another user's hold", hold, 'u2', 500n, 'another user'],
      ['a hold smaller than the amount', hold, 'u1', 501n, 'less than 501'],
      ['a released hold', { ...hold, status: 'RELEASED' as const }, 'u1', 500n, 'RELEASED'],
      ['a captured hold', { ...hold, status: 'CAPTURED' as const }, 'u1', 500n, 'CAPTURED'],
    ])('refuses %s with WALLET.HOLD_NOT_ACTIVE', (_name, h, user, amount, reason) => {
      expect(decideConfirmHold(h, user, amount)).toEqual({
        kind: 'rejected',
        code: 'WALLET.HOLD_NOT_ACTIVE',
        reason: expect.stringContaining(reason),
      });
    });
  });
});
