import { decideCharge, decideRefund, DEFAULT_MAX_AMOUNT, parseMaxAmount } from './payment';

describe('payment decisions', () => {
  describe('charge', () => {
    it('charges a first payment within the limit', () => {
      expect(decideCharge(undefined, 100n, 100n)).toEqual({ kind: 'charge' });
    });

    it('declines an amount over the limit with PAYMENT.DECLINED', () => {
      expect(decideCharge(undefined, 101n, 100n)).toMatchObject({
        kind: 'decline',
        code: 'PAYMENT.DECLINED',
      });
    });

    it.each(['CHARGED', 'REFUNDED', 'DECLINED'] as const)(
      'refuses a second charge for an order that is %s',
      (status) => {
        expect(decideCharge({ id: 'p1', status, chargeCommandId: 'c1' }, 1n, 100n)).toMatchObject({
          kind: 'duplicate',
          code: 'PAYMENT.DUPLICATE_ORDER',
          paymentId: 'p1',
        });
      },
    );
  });

  describe('refund', () => {
    it('refunds a charged payment', () => {
      expect(decideRefund({ status: 'CHARGED' })).toEqual({ kind: 'refund' });
    });

    it.each([undefined, { status: 'REFUNDED' as const }, { status: 'DECLINED' as const }])(
      'ignores %p',
      (payment) => {
        expect(decideRefund(payment).kind).toBe('ignored');
      },
    );
  });

  describe('max amount', () => {
    it('defaults to 100000000 minor units', () => {
      expect(parseMaxAmount(undefined)).toBe(DEFAULT_MAX_AMOUNT);
      expect(DEFAULT_MAX_AMOUNT).toBe(100_000_000n);
    });

    it('reads an integer and refuses anything else', () => {
      expect(parseMaxAmount('5000')).toBe(5000n);
      expect(() => parseMaxAmount('1e9')).toThrow(/GAVEL_PAYMENT_MAX_AMOUNT/);
      expect(() => parseMaxAmount('-1')).toThrow(/GAVEL_PAYMENT_MAX_AMOUNT/);
    });
  });
});
