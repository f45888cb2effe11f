import { lotSaleFailed } from './drafts';
import { secondChanceAccepted, secondChanceEnded, secondChanceOffered } from './second-chance-drafts';

const lot = { lotId: 'l1', sellerId: 's1', bidderId: 'r1', title: 'Lamp', amount: '1100' };

describe('second-chance notifications', () => {
  it('tells the winner their lot went to another bidder, and the seller what happens next', () => {
    const [seller, winner] = lotSaleFailed({
      ...lot,
      orderId: 'o1',
      winnerId: 'w1',
      code: 'DELIVERY.UNDELIVERABLE_ADDRESS',
      reason: 'no delivery to ZZ',
      next: 'SECOND_CHANCE_OFFERED',
    });
    expect(seller.body).toBe(
      'The sale of "Lamp" failed: no delivery to ZZ. It is offered to the next-highest bidder at their last bid.',
    );
    expect(winner).toMatchObject({ userId: 'w1', data: { next: 'SECOND_CHANCE_OFFERED' } });
    expect(winner.body).toContain('The lot was offered to another bidder.');
    const [relisted] = lotSaleFailed({
      ...lot,
      orderId: 'o1',
      winnerId: 'w1',
      code: 'X',
      reason: 'r',
      next: 'RELISTED',
    });
    expect(relisted.body).toContain('relisted');
  });

  it('offers the runner-up the lot with the amount and the deadline; the seller hears it was offered', () => {
    const [runnerUp, seller, ...rest] = secondChanceOffered({
      ...lot,
      expiresAt: '2030-01-02T09:30:00.000Z',
    });
    expect(rest).toEqual([]);
    expect(runnerUp).toMatchObject({ userId: 'r1', kind: 'auction.second_chance_offered' });
    expect(runnerUp.body).toContain('11.00 USD');
    expect(runnerUp.body).toContain('2030-01-02 09:30 UTC');
    expect(seller).toMatchObject({ userId: 's1', kind: 'auction.second_chance_made' });
  });

  it('tells both sides of an acceptance', () => {
    expect(secondChanceAccepted(lot).map((n) => n.userId)).toEqual(['r1', 's1']);
  });

  it('tells the seller every end, and the runner-up when their offer expired', () => {
    const ended = (
      outcome: 'DECLINED' | 'EXPIRED' | 'COMPLETED' | 'FAILED',
      next?: 'RELISTED' | 'CLOSED_UNSOLD',
    ) => secondChanceEnded({ ...lot, outcome, ...(next ? { next } : {}) });
    expect(ended('COMPLETED').map((n) => [n.userId, n.title])).toEqual([['s1', 'Sold to the next bidder']]);
    expect(ended('DECLINED', 'CLOSED_UNSOLD')[0].body).toBe(
      'The next-highest bidder declined "Lamp". The lot is closed unsold.',
    );
    expect(ended('EXPIRED', 'RELISTED').map((n) => n.userId)).toEqual(['s1', 'r1']);
    expect(ended('FAILED', 'RELISTED')[0].body).toContain('relisted');
  });
});
