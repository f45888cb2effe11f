import {
  auctionClosed,
  compensationFailed,
  lotSaleFailed,
  orderCancelled,
  orderCompleted,
  outbid,
} from './drafts';

describe('notification drafts', () => {
  it('tells the buyer an order completed', () => {
    const [n, ...rest] = orderCompleted({
      orderId: 'o1',
      buyerId: 'b1',
      sku: 'lamp',
      quantity: 2,
      amount: '2500',
    });
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ userId: 'b1', kind: 'order.completed', title: 'Order completed' });
    expect(n.body).toContain('25.00 USD');
  });

  it('tells the buyer why an order was cancelled', () => {
    const [n] = orderCancelled({
      orderId: 'o1',
      buyerId: 'b1',
      amount: '100',
      reason: 'no stock for sku lamp',
      code: 'WAREHOUSE.OUT_OF_STOCK',
    });
    expect(n).toMatchObject({
      userId: 'b1',
      kind: 'order.cancelled',
      data: { code: 'WAREHOUSE.OUT_OF_STOCK' },
    });
    expect(n.body).toContain('no stock for sku lamp');
  });

  it('tells every admin once about a failed compensation', () => {
    const drafts = compensationFailed(
      { sagaId: 's1', sagaType: 'Order', step: 'charge', reason: 'payment down', orderId: 'o1' },
      ['a1', 'a2', 'a1'],
    );
    expect(drafts.map((d) => d.userId)).toEqual(['a1', 'a2']);
    expect(drafts[0].body).toContain('charge');
    expect(compensationFailed({ sagaId: 's1', sagaType: 'Order', step: 'charge', reason: 'x' }, [])).toEqual(
      [],
    );
  });

  it('tells the outbid user the new price', () => {
    const [n] = outbid({ lotId: 'l1', userId: 'u1', previousAmount: '1000', newAmount: '1200' });
    expect(n).toMatchObject({ userId: 'u1', kind: 'auction.outbid' });
    expect(n.body).toContain('12.00 USD');
  });

  it('tells the winner and the seller of a sale', () => {
    const drafts = auctionClosed({
      lotId: 'l1',
      sellerId: 's1',
      title: 'Lamp',
      outcome: 'SOLD',
      winnerId: 'w1',
      amount: '5000',
    });
    expect(drafts.map((d) => [d.userId, d.title])).toEqual([
      ['w1', 'You won'],
      ['s1', 'Sold'],
    ]);
  });

  it('tells the seller why a lot closed unsold', () => {
    const [n, ...rest] = auctionClosed({
      lotId: 'l1',
      sellerId: 's1',
      title: 'Lamp',
      outcome: 'UNSOLD',
      reason: 'RESERVE_NOT_MET',
    });
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ userId: 's1', kind: 'auction.unsold' });
    expect(n.body).toContain('closed without sale: the reserve price was not met');
  });

  it('tells the seller and the winner that a sale failed, with the reason', () => {
    const facts = {
      lotId: 'l1',
      orderId: 'o1',
      sellerId: 's1',
      winnerId: 'w1',
      title: 'Lamp',
      amount: '5000',
      code: 'WAREHOUSE.OUT_OF_STOCK',
      reason: 'none left',
    };
    const [seller, winner, ...rest] = lotSaleFailed(facts);
    expect(rest).toEqual([]);
    expect(seller).toMatchObject({
      userId: 's1',
      kind: 'auction.sale_failed',
      title: 'Sale failed',
      body: 'The sale of "Lamp" failed: none left.',
    });
    expect(winner).toMatchObject({
      userId: 'w1',
      kind: 'auction.purchase_failed',
      data: { lotId: 'l1', code: 'WAREHOUSE.OUT_OF_STOCK' },
    });
    expect(winner.body).toContain('"Lamp" failed: none left');
    expect(winner.body).toContain('50.00 USD');
    expect(lotSaleFailed({ ...facts, reason: '' })[0].body).toBe(
      'The sale of "Lamp" failed: WAREHOUSE.OUT_OF_STOCK.',
    );
  });
});
