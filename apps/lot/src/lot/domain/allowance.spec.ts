import { commitmentOf, decideFunds, releasedWhenOutbid } from './allowance';

describe('allowance rules', () => {
  it('commits the maximum of a proxy bid, else the amount, never less than the price', () => {
    expect(commitmentOf({ amount: 100n, maxAmount: 250n }, 110n)).toBe(250n);
    expect(commitmentOf({ amount: 100n, maxAmount: null }, 100n)).toBe(100n);
    expect(commitmentOf({ amount: 100n, maxAmount: null }, 120n)).toBe(120n);
  });

  it('covers a commitment up to the allowance and names the shortfall beyond it', () => {
    expect(decideFunds({ amount: 100n, keepWhenOutbid: false }, 100n)).toEqual({ kind: 'covered' });
    expect(decideFunds({ amount: 100n, keepWhenOutbid: false }, 101n)).toEqual({
      kind: 'short',
      allowance: 100n,
      required: 101n,
    });
    expect(decideFunds(undefined, 1n)).toEqual({ kind: 'short', allowance: 0n, required: 1n });
  });

  it('releases an outbid allowance unless it is kept', () => {
    expect(releasedWhenOutbid({ amount: 5n, keepWhenOutbid: false })).toBe(true);
    expect(releasedWhenOutbid({ amount: 5n, keepWhenOutbid: true })).toBe(false);
    expect(releasedWhenOutbid({ amount: 0n, keepWhenOutbid: false })).toBe(false);
    expect(releasedWhenOutbid(undefined)).toBe(false);
  });
});
