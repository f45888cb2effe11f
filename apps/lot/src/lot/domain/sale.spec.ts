import { decideSale, OrderOutcome, SaleState } from './sale';
import type { SecondChanceStatus } from './second-chance';

const sold = (over: Partial<SaleState> = {}): SaleState => ({
  outcome: 'SOLD',
  sellerId: 's1',
  winnerId: 'w1',
  saleStatus: 'PENDING',
  secondChance: null,
  ...over,
});
const failed: OrderOutcome = {
  kind: 'failed',
  orderId: 'o1',
  buyerId: 'w1',
  sellerId: 's1',
  code: 'WAREHOUSE.OUT_OF_STOCK',
  reason: 'none left',
};
const completed: OrderOutcome = { kind: 'completed', orderId: 'o1', buyerId: 'w1', sellerId: 's1' };

describe('the sale of a SOLD lot', () => {
  it('given a pending sale, when the order is cancelled, then the sale FAILED with the code and reason', () => {
    expect(decideSale(sold(), failed)).toEqual({
      kind: 'settle',
      status: 'FAILED',
      code: 'WAREHOUSE.OUT_OF_STOCK',
      reason: 'none left',
    });
  });

  it('given a pending sale, when the order completes, then the sale COMPLETED', () => {
    expect(decideSale(sold(), completed)).toEqual({ kind: 'settle', status: 'COMPLETED' });
  });

  it('settles a lot closed before sale statuses existed (no status yet)', () => {
    expect(decideSale(sold({ saleStatus: null }), failed)).toMatchObject({
      kind: 'settle',
      status: 'FAILED',
    });
  });

  it('ignores the same outcome again, with the reason', () => {
    expect(decideSale(sold({ saleStatus: 'FAILED' }), failed)).toEqual({
      kind: 'ignored',
      reason: 'sale already FAILED',
    });
    expect(decideSale(sold({ saleStatus: 'COMPLETED' }), completed)).toEqual({
      kind: 'ignored',
      reason: 'sale already COMPLETED',
    });
  });

  it('rejects an outcome that contradicts the recorded one: the first outcome stands', () => {
    expect(decideSale(sold({ saleStatus: 'COMPLETED' }), failed)).toMatchObject({
      kind: 'rejected',
      code: 'LOT.SALE_ALREADY_SETTLED',
    });
    expect(decideSale(sold({ saleStatus: 'FAILED' }), completed)).toMatchObject({
      kind: 'rejected',
      code: 'LOT.SALE_ALREADY_SETTLED',
    });
  });

  it('rejects an order that cannot be this lot’s sale', () => {
    expect(decideSale(undefined, failed)).toMatchObject({ kind: 'rejected', code: 'LOT.SALE_UNKNOWN_LOT' });
    expect(decideSale(sold({ outcome: 'UNSOLD', winnerId: null, saleStatus: null }), failed)).toMatchObject({
      kind: 'rejected',
      code: 'LOT.SALE_NOT_SOLD',
    });
    expect(decideSale(sold({ outcome: null, saleStatus: null }), failed)).toMatchObject({
      kind: 'rejected',
      code: 'LOT.SALE_NOT_SOLD',
    });
    expect(decideSale(sold(), { ...failed, buyerId: 'someone-else' })).toMatchObject({
      kind: 'rejected',
      code: 'LOT.SALE_MISMATCH',
    });
    expect(decideSale(sold(), { ...completed, sellerId: 'other-seller' })).toMatchObject({
      kind: 'rejected',
      code: 'LOT.SALE_MISMATCH',
    });
  });
});

describe('the runner-up’s sale after a second chance', () => {
  const afterFailure = (status: SecondChanceStatus) =>
    sold({ saleStatus: 'FAILED', secondChance: { status, bidderId: 'r1' } });
  const theirs = { orderId: 'o2', buyerId: 'r1', sellerId: 's1' };

  it('given an accepted offer, when their order completes, then the second chance COMPLETED', () => {
    expect(decideSale(afterFailure('ACCEPTED'), { kind: 'completed', ...theirs })).toEqual({
      kind: 'settleSecondChance',
      status: 'COMPLETED',
    });
  });

  it('given an accepted offer, when their order is cancelled, then it FAILED with the order’s code', () => {
    const cancelled: OrderOutcome = {
      kind: 'failed',
      ...theirs,
      code: 'WALLET.INSUFFICIENT_FUNDS',
      reason: 'short',
    };
    expect(decideSale(afterFailure('ACCEPTED'), cancelled)).toEqual({
      kind: 'settleSecondChance',
      status: 'FAILED',
      code: 'WALLET.INSUFFICIENT_FUNDS',
      reason: 'short',
    });
  });

  it('ignores the same outcome again and rejects an order before an acceptance', () => {
    expect(decideSale(afterFailure('COMPLETED'), { kind: 'completed', ...theirs })).toMatchObject({
      kind: 'ignored',
    });
    expect(decideSale(afterFailure('OFFERED'), { kind: 'completed', ...theirs })).toMatchObject({
      kind: 'rejected',
      code: 'LOT.SALE_ALREADY_SETTLED',
    });
  });

  it('still ignores the winner’s failed order delivered again', () => {
    expect(decideSale(afterFailure('OFFERED'), failed)).toEqual({
      kind: 'ignored',
      reason: 'sale already FAILED',
    });
  });
});
