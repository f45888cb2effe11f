import { bidderPosition } from './bidder-position';

describe('bidderPosition', () => {
  it.each([
    [{ status: 'OPEN', leaderId: 'ann', outcome: null }, 'LEADING'],
    [{ status: 'OPEN', leaderId: 'bob', outcome: null }, 'OUTBID'],
    [{ status: 'CLOSED', leaderId: 'ann', outcome: 'SOLD' }, 'WON'],
    [{ status: 'CLOSED', leaderId: 'bob', outcome: 'SOLD' }, 'LOST'],
    [{ status: 'CLOSED', leaderId: 'ann', outcome: 'UNSOLD' }, 'LOST'],
  ] as const)('%o reads %s for ann', (lot, position) => {
    expect(bidderPosition(lot, 'ann')).toBe(position);
  });
});
