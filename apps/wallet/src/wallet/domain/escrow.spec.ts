import { decidePayout, decideRefund, decideReversal, Escrow, Settlement } from './escrow';

const escrow: Escrow = { captureId: 'c1', holdId: 'h1', buyerId: 'buyer', amount: 1_999n };
const payout: Settlement = {
  id: 's1',
  kind: 'PAYOUT',
  sellerId: 'seller',
  feeBps: 500,
  fee: 99n,
  payout: 1_900n,
  commandId: 'pay-1',
  reversedBy: null,
};
const refund: Settlement = {
  ...payout,
  id: 's2',
  kind: 'REFUND',
  sellerId: null,
  feeBps: 0,
  fee: 0n,
  payout: 1_999n,
};

describe('escrow decisions', () => {
  describe('payout to the seller', () => {
    it('pays out an unsettled escrow minus the fee, nothing lost', () => {
      expect(decidePayout(escrow, 'seller', 500)).toEqual({
        kind: 'payOut',
        escrow,
        split: { feeBps: 500, fee: 99n, payout: 1_900n },
      });
    });

    it('answers the first payout again when the same seller is paid twice (no second entry)', () => {
      expect(decidePayout({ ...escrow, settlement: payout }, 'seller', 700)).toEqual({
        kind: 'alreadyPaidOut',
        escrow: { ...escrow, settlement: payout },
        settlement: payout,
      });
    });

    it('refuses an escrow that was refunded, or paid to another seller', () => {
      expect(decidePayout({ ...escrow, settlement: refund }, 'seller', 500)).toMatchObject({
        code: 'WALLET.ESCROW_SETTLED',
        reason: expect.stringContaining('refunded'),
      });
      expect(decidePayout({ ...escrow, settlement: payout }, 'other', 500)).toMatchObject({
        code: 'WALLET.ESCROW_SETTLED',
        reason: expect.stringContaining('seller'),
      });
    });

    it('refuses a hold that was never captured', () => {
      expect(decidePayout(undefined, 'seller', 500)).toMatchObject({ code: 'WALLET.ESCROW_NOT_FOUND' });
    });
  });

  describe('refund to the buyer', () => {
    it('refunds an unsettled escrow whole', () => {
      expect(decideRefund(escrow)).toEqual({ kind: 'refund', escrow });
    });

    it('answers a refund again without refunding twice', () => {
      expect(decideRefund({ ...escrow, settlement: refund })).toMatchObject({ kind: 'alreadyRefunded' });
    });

    it('refuses an escrow paid out to the seller (reverse the payout first)', () => {
      expect(decideRefund({ ...escrow, settlement: payout })).toMatchObject({
        code: 'WALLET.ESCROW_SETTLED',
      });
    });

    it('refuses a hold that was never captured', () => {
      expect(decideRefund(undefined)).toMatchObject({ code: 'WALLET.ESCROW_NOT_FOUND' });
    });

    it("as a capture's compensation: nothing captured is nothing to refund; a capture is refunded as usual", () => {
      expect(decideRefund(undefined, true)).toEqual({ kind: 'nothingCaptured' });
      expect(decideRefund(escrow, true)).toEqual({ kind: 'refund', escrow });
      expect(decideRefund({ ...escrow, settlement: refund }, true)).toMatchObject({
        kind: 'alreadyRefunded',
      });
      expect(decideRefund({ ...escrow, settlement: payout }, true)).toMatchObject({
        code: 'WALLET.ESCROW_SETTLED',
      });
    });
  });

  describe('reversal of a payout (compensation)', () => {
    it('reverses the payout in force', () => {
      expect(decideReversal(payout)).toEqual({ kind: 'reverse', settlement: payout });
    });

    it.each([
      ['no payout', undefined, 'no payout'],
      ['a reversed payout', { ...payout, reversedBy: 'undo-1' }, 'already reversed'],
      ['a refund', refund, 'no payout'],
    ])('ignores %s', (_name, settlement, reason) => {
      expect(decideReversal(settlement)).toEqual({
        kind: 'ignored',
        reason: expect.stringContaining(reason),
      });
    });
  });
});
