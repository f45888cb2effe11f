import { AuctionState, decideBid } from './bidding';

const now = new Date('2030-01-01T12:00:00Z');
const lot = (over: Partial<AuctionState> = {}): AuctionState => ({
  open: true,
  sellerId: 'seller',
  endsAt: new Date(now.getTime() + 3600_000),
  startPrice: 1000n,
  increment: { kind: 'absolute', minor: 100n },
  currentPrice: null,
  leader: null,
  buyNowPrice: null,
  softCloseWindowS: 60,
  softCloseExtensionS: 60,
  ...over,
});
const bid = (amount: bigint, bidderId = 'b', maxAmount: bigint | null = null) => ({
  bidderId,
  amount,
  maxAmount,
});

describe('decideBid', () => {
  it('accepts a first bid at the start price', () => {
    expect(decideBid(lot(), bid(1000n), now)).toEqual({ kind: 'accepted', price: 1000n, buyNow: false });
  });

  it('rejects closed lots, ended lots, own lots and low bids with their codes', () => {
    expect(decideBid(lot({ open: false }), bid(1000n), now)).toMatchObject({
      kind: 'rejected',
      code: 'LOT.CLOSED',
    });
    expect(decideBid(lot({ endsAt: now }), bid(1000n), now)).toMatchObject({
      kind: 'rejected',
      code: 'LOT.CLOSED',
    });
    expect(decideBid(lot(), bid(1000n, 'seller'), now)).toMatchObject({
      kind: 'rejected',
      code: 'LOT.OWN_LOT',
    });
    expect(decideBid(lot(), bid(999n), now)).toMatchObject({ kind: 'rejected', code: 'LOT.BID_TOO_LOW' });
    const led = lot({ currentPrice: 1000n, leader: { bidderId: 'a', amount: 1000n, maxAmount: 1000n } });
    expect(decideBid(led, bid(1099n), now)).toMatchObject({ kind: 'rejected', code: 'LOT.BID_TOO_LOW' });
    expect(decideBid(led, bid(1100n), now)).toMatchObject({ kind: 'accepted', price: 1100n });
  });

  it('extends the end for a bid inside the soft-close window', () => {
    const endsAt = new Date(now.getTime() + 3000);
    const d = decideBid(lot({ endsAt, softCloseWindowS: 10, softCloseExtensionS: 10 }), bid(1000n), now);
    expect(d).toEqual({
      kind: 'accepted',
      price: 1000n,
      buyNow: false,
      endsAt: new Date(now.getTime() + 10_000),
    });
  });

  it('a bid at or above the buy-now price buys at once', () => {
    expect(decideBid(lot({ buyNowPrice: 5000n }), bid(5000n), now)).toEqual({
      kind: 'accepted',
      price: 5000n,
      buyNow: true,
    });
  });

  it('a leader proxy maximum outbids a lower challenger; the leader may raise their own bid', () => {
    const led = lot({ currentPrice: 1000n, leader: { bidderId: 'a', amount: 1000n, maxAmount: 3000n } });
    expect(decideBid(led, bid(1500n), now)).toEqual({ kind: 'outbidByProxy', amount: 1600n });
    expect(decideBid(led, bid(1500n, 'a'), now)).toEqual({ kind: 'accepted', price: 1500n, buyNow: false });
  });
});
