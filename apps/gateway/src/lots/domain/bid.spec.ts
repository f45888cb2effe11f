import { bidIdFor, rejectionStatus } from './bid';

describe('bid ids and rejection statuses', () => {
  it('derives the same bid id for the same bidder and key, different ones otherwise', () => {
    const a = bidIdFor('u1', 'k1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bidIdFor('u1', 'k1')).toBe(a);
    expect(bidIdFor('u2', 'k1')).not.toBe(a);
    expect(bidIdFor('u1', 'k2')).not.toBe(a);
    expect(bidIdFor('u1', undefined)).not.toBe(bidIdFor('u1', undefined));
  });

  it.each([
    ['LOT.BID_TOO_LOW', 409],
    ['LOT.CLOSED', 409],
    ['WALLET.INSUFFICIENT_FUNDS', 402],
    ['LOT.OWN_LOT', 422],
    ['LOT.NOT_FOUND', 404],
    ['SAGA.STEP_TIMEOUT', 503],
    ['SAGA.OPERATOR_COMPENSATE', 409],
    [undefined, 409],
  ])('%s → %i', (code, status) => {
    expect(rejectionStatus(code)).toBe(status);
  });
});
