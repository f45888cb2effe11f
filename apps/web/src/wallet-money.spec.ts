import {
  formatEth,
  inFlight,
  kindText,
  latestFeeBps,
  LedgerLine,
  minorPerEth,
  percentOf,
  signedMoney,
  withdrawable,
  withdrawalProgress,
} from './wallet-money';

const line = (over: Partial<LedgerLine>): LedgerLine => ({
  entryId: 'e1',
  kind: 'top_up',
  account: 'available',
  amount: 100,
  reference: 'r',
  details: {},
  at: '2030-01-01T10:00:00Z',
  ...over,
});

describe('the wallet page in numbers and words', () => {
  it('states the chain rate per ether, rounded down as credits are', () => {
    expect(minorPerEth('10000000000000')).toBe(100_000n);
    expect(minorPerEth('3')).toBe(333_333_333_333_333_333n);
    expect(minorPerEth('0')).toBeUndefined();
    expect(minorPerEth('1e13')).toBeUndefined();
  });

  it('shows wei as ether with up to six decimals', () => {
    expect(formatEth('20000000000000000')).toBe('0.02 ETH');
    expect(formatEth('1000000000000000000')).toBe('1 ETH');
    expect(formatEth('1234567890000000000000')).toBe('1,234.56789 ETH');
    expect(formatEth('1')).toBe('< 0.000001 ETH');
    expect(formatEth('0')).toBe('0 ETH');
    expect(formatEth('x')).toBe('—');
  });

  it('reads fee rates as percentages', () => {
    expect(percentOf(500)).toBe('5%');
    expect(percentOf(250)).toBe('2.5%');
    expect(percentOf(0)).toBe('0%');
  });

  it('tells withdrawals in flight from finished ones, and says what each status means', () => {
    expect(['PENDING', 'SENT', 'CONFIRMED'].every((status) => inFlight({ status } as never))).toBe(true);
    expect(inFlight({ status: 'SETTLED' })).toBe(false);
    expect(inFlight({ status: 'FAILED' })).toBe(false);
    const w = { source: 'proceeds' as const, code: null, reason: null };
    expect(withdrawalProgress({ ...w, status: 'PENDING' })).toEqual({
      label: 'Requested',
      detail: 'The amount is held from your proceeds.',
      tone: 'info',
    });
    expect(withdrawalProgress({ ...w, status: 'SETTLED' }).tone).toBe('ok');
    expect(
      withdrawalProgress({
        source: 'available',
        status: 'FAILED',
        code: 'WALLET.CHAIN_REFUSED',
        reason: 'the node refused it',
      }),
    ).toEqual({
      label: 'Failed',
      detail: 'the node refused it (WALLET.CHAIN_REFUSED). The amount is back in your available balance.',
      tone: 'error',
    });
  });

  it('withdraws deposits not held, or proceeds, never below zero', () => {
    expect(withdrawable({ balance: 5000, held: 1200, proceeds: 950 }, 'available')).toBe(3800);
    expect(withdrawable({ balance: 5000, held: 1200, proceeds: 950 }, 'proceeds')).toBe(950);
    // holds backed by on-chain value can exceed the deposits
    expect(withdrawable({ balance: 100, held: 900 }, 'available')).toBe(0);
    expect(withdrawable({ balance: 100, held: 0 }, 'proceeds')).toBe(0);
  });

  it('names ledger entries and signs their amounts', () => {
    expect(kindText('escrow_paid_out')).toBe('Sale paid out');
    expect(kindText('something_new')).toBe('something_new');
    const money = (m: number) => `$${(m / 100).toFixed(2)}`;
    expect(signedMoney(950, money)).toBe('+$9.50');
    expect(signedMoney(-1000, money)).toBe('−$10.00');
  });

  it('finds the fee rate of the newest payout', () => {
    expect(latestFeeBps([line({ kind: 'top_up' })])).toBeUndefined();
    expect(
      latestFeeBps([
        line({ kind: 'hold_placed' }),
        line({ kind: 'escrow_paid_out', account: 'proceeds', details: { feeBps: '250' } }),
        line({ kind: 'escrow_paid_out', account: 'proceeds', details: { feeBps: '500' } }),
      ]),
    ).toBe(250);
  });
});
