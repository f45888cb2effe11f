import { decideSale, OrderOutcome, SaleState } from './sale';

const sold = (over: Partial<SaleState> = {}): SaleState => ({
  outcome: 'SOLD',
  sellerId: 's1',
  winnerId: 'w1',
  saleStatus: 'PENDING',
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
