import { decideCapture, decidePlaceHold, decideRelease, spendable } from './hold';

describe('hold decisions', () => {
  const funds = { balance: 1000n, held: 300n };

  describe('place', () => {
    it('places a hold that fits the spendable balance, growing held only', () => {
      expect(decidePlaceHold(funds, 700n)).toEqual({ kind: 'placed', funds: { balance: 1000n, held: 1000n } });
    });

    it('rejects a hold larger than balance − held with WALLET.INSUFFICIENT_FUNDS', () => {
      expect(decidePlaceHold(funds, 701n)).toMatchObject({ kind: 'rejected', code: 'WALLET.INSUFFICIENT_FUNDS' });
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
          current = d.funds;
          placed++;
        }
      }
      expect(placed).toBe(5);
      expect(spendable(current)).toBe(0n);
    });
  });

  describe('release', () => {
    it('gives an active hold back', () => {
      expect(decideRelease({ status: 'ACTIVE', amount: 300n }, funds)).toEqual({
        kind: 'released',
        funds: { balance: 1000n, held: 0n },
      });
    });

    it.each(['RELEASED', 'CAPTURED'] as const)('ignores a %s hold', (status) => {
      expect(decideRelease({ status, amount: 300n }, funds).kind).toBe('ignored');
    });

    it('ignores a hold that was never placed', () => {
      expect(decideRelease(undefined, funds)).toEqual({ kind: 'ignored', reason: 'no hold was placed' });
    });
  });

  describe('capture', () => {
    it('takes an active hold out of balance and held', () => {
      expect(decideCapture({ status: 'ACTIVE', amount: 300n }, funds)).toEqual({
        kind: 'captured',
        funds: { balance: 700n, held: 0n },
      });
    });

    it('is idempotent for a captured hold', () => {
      expect(decideCapture({ status: 'CAPTURED', amount: 300n }, funds)).toEqual({ kind: 'alreadyCaptured' });
    });

    it('rejects a released hold with WALLET.HOLD_NOT_ACTIVE', () => {
      expect(decideCapture({ status: 'RELEASED', amount: 300n }, funds)).toMatchObject({ code: 'WALLET.HOLD_NOT_ACTIVE' });
    });

    it('rejects an unknown hold with WALLET.HOLD_NOT_FOUND', () => {
      expect(decideCapture(undefined, funds)).toMatchObject({ code: 'WALLET.HOLD_NOT_FOUND' });
    });
  });
});
