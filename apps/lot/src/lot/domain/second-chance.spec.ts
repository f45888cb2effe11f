import {
  decideAfterFailedSale,
  decideAnswer,
  decideExpiry,
  fallbackOf,
  OnFailedSale,
  relistEndsAt,
  SecondChanceOffer,
  stageOf,
} from './second-chance';

const now = new Date('2030-01-01T00:00:00Z');
const DAY = 24 * 3600 * 1000;
const runnerUp = { bidderId: 'r1', amount: 1100n };
const after = (option: OnFailedSale, over: Partial<Parameters<typeof decideAfterFailedSale>[0]> = {}) =>
  decideAfterFailedSale({ option, runnerUp, reservePrice: null, now, windowMs: DAY, ...over });

describe('after the winner’s order failed', () => {
  it('offers the lot to the runner-up at their last bid until the window ends', () => {
    expect(after('second_chance_then_close')).toEqual({
      kind: 'offer',
      bidderId: 'r1',
      amount: 1100n,
      expiresAt: new Date('2030-01-02T00:00:00Z'),
    });
    expect(after('second_chance_then_relist')).toMatchObject({ kind: 'offer', bidderId: 'r1' });
  });

  it('relists or closes at once when the seller wants no second chance', () => {
    expect(after('relist')).toEqual({ kind: 'fallback', next: 'RELISTED', reason: 'NO_SECOND_CHANCE' });
    expect(after('close')).toEqual({ kind: 'fallback', next: 'CLOSED_UNSOLD', reason: 'NO_SECOND_CHANCE' });
  });

  it('falls back when there is no runner-up, or their bid is below the reserve', () => {
    expect(after('second_chance_then_relist', { runnerUp: null })).toEqual({
      kind: 'fallback',
      next: 'RELISTED',
      reason: 'NO_RUNNER_UP',
    });
    expect(after('second_chance_then_close', { reservePrice: 1200n })).toEqual({
      kind: 'fallback',
      next: 'CLOSED_UNSOLD',
      reason: 'NO_RUNNER_UP',
    });
    expect(after('second_chance_then_close', { reservePrice: 1100n })).toMatchObject({ kind: 'offer' });
  });

  it('maps every option to where the lot goes in the end', () => {
    expect(fallbackOf('second_chance_then_relist')).toBe('RELISTED');
    expect(fallbackOf('relist')).toBe('RELISTED');
    expect(fallbackOf('second_chance_then_close')).toBe('CLOSED_UNSOLD');
    expect(fallbackOf('close')).toBe('CLOSED_UNSOLD');
  });
});

describe('the runner-up’s answer', () => {
  const offer = (over: Partial<SecondChanceOffer> = {}): SecondChanceOffer => ({
    status: 'OFFERED',
    bidderId: 'r1',
    amount: 1100n,
    expiresAt: new Date(now.getTime() + 1000),
    ...over,
  });

  it('given an open offer, when the runner-up accepts, then it is accepted', () => {
    expect(decideAnswer('second_chance_then_close', offer(), 'r1', 'accept', now)).toEqual({
      kind: 'accepted',
    });
  });

  it('given an open offer, when the runner-up declines, then the lot goes where the seller chose', () => {
    expect(decideAnswer('second_chance_then_close', offer(), 'r1', 'decline', now)).toEqual({
      kind: 'declined',
      next: 'CLOSED_UNSOLD',
    });
    expect(decideAnswer('second_chance_then_relist', offer(), 'r1', 'decline', now)).toEqual({
      kind: 'declined',
      next: 'RELISTED',
    });
  });

  it('refuses anyone else, a lot with no offer, a second answer and a late one', () => {
    const refused = (o: SecondChanceOffer | null, user = 'r1', at = now) =>
      decideAnswer('second_chance_then_close', o, user, 'accept', at);
    expect(refused(offer(), 'w1')).toEqual({ kind: 'refused', code: 'LOT.SECOND_CHANCE_NOT_YOURS' });
    expect(refused(null)).toEqual({ kind: 'refused', code: 'LOT.SECOND_CHANCE_NOT_FOUND' });
    expect(refused(offer({ status: 'ACCEPTED' }))).toEqual({
      kind: 'refused',
      code: 'LOT.SECOND_CHANCE_ANSWERED',
      status: 'ACCEPTED',
    });
    expect(refused(offer({ status: 'DECLINED' }))).toMatchObject({ code: 'LOT.SECOND_CHANCE_ANSWERED' });
    expect(refused(offer({ status: 'EXPIRED' }))).toMatchObject({ code: 'LOT.SECOND_CHANCE_EXPIRED' });
    // Due but not yet expired by the clock: already too late.
    expect(refused(offer(), 'r1', new Date(now.getTime() + 1000))).toEqual({
      kind: 'refused',
      code: 'LOT.SECOND_CHANCE_EXPIRED',
      status: 'OFFERED',
    });
  });
});

describe('the offer’s expiry', () => {
  const offer: SecondChanceOffer = { status: 'OFFERED', bidderId: 'r1', amount: 1100n, expiresAt: now };

  it('expires an unanswered offer once due, then relists or closes', () => {
    expect(decideExpiry('second_chance_then_relist', offer, now)).toEqual({
      kind: 'expired',
      next: 'RELISTED',
    });
    expect(decideExpiry('second_chance_then_close', offer, now)).toEqual({
      kind: 'expired',
      next: 'CLOSED_UNSOLD',
    });
  });

  it('ignores an offer answered meanwhile, or not due', () => {
    expect(decideExpiry('second_chance_then_close', { ...offer, status: 'ACCEPTED' }, now)).toEqual({
      kind: 'ignored',
      reason: 'offer already ACCEPTED',
    });
    expect(decideExpiry('second_chance_then_close', offer, new Date(now.getTime() - 1))).toMatchObject({
      kind: 'ignored',
    });
  });
});

describe('a relisted lot', () => {
  it('runs as long as the first auction did, at least a minute and at most 30 days', () => {
    const createdAt = new Date('2029-12-25T00:00:00Z');
    expect(relistEndsAt({ createdAt, endsAt: new Date('2029-12-28T00:00:00Z') }, now)).toEqual(
      new Date('2030-01-04T00:00:00Z'),
    );
    expect(relistEndsAt({ createdAt, endsAt: new Date(createdAt.getTime() + 5000) }, now)).toEqual(
      new Date(now.getTime() + 60_000),
    );
    expect(relistEndsAt({ createdAt, endsAt: new Date(createdAt.getTime() + 90 * DAY) }, now)).toEqual(
      new Date(now.getTime() + 30 * DAY),
    );
  });
});

describe('a lot’s stage', () => {
  const closedSold = {
    status: 'CLOSED' as const,
    outcome: 'SOLD' as const,
    saleStatus: 'FAILED' as const,
    secondChanceStatus: null,
    failedSaleOutcome: null,
  };

  it('reads the auction, the sale and the failed sale’s path as one word', () => {
    expect(stageOf({ ...closedSold, status: 'OPEN', outcome: null, saleStatus: null })).toBe('OPEN');
    expect(stageOf({ ...closedSold, outcome: 'UNSOLD', saleStatus: null })).toBe('UNSOLD');
    expect(stageOf({ ...closedSold, saleStatus: 'PENDING' })).toBe('SALE_PENDING');
    expect(stageOf({ ...closedSold, saleStatus: null })).toBe('SALE_PENDING');
    expect(stageOf({ ...closedSold, saleStatus: 'COMPLETED' })).toBe('SOLD');
    expect(stageOf(closedSold)).toBe('SALE_FAILED');
    expect(stageOf({ ...closedSold, secondChanceStatus: 'OFFERED' })).toBe('SECOND_CHANCE_OFFERED');
    expect(stageOf({ ...closedSold, secondChanceStatus: 'ACCEPTED' })).toBe('SECOND_CHANCE_ACCEPTED');
    expect(
      stageOf({ ...closedSold, secondChanceStatus: 'COMPLETED', failedSaleOutcome: 'SOLD_TO_RUNNER_UP' }),
    ).toBe('SOLD_TO_RUNNER_UP');
    expect(stageOf({ ...closedSold, secondChanceStatus: 'EXPIRED', failedSaleOutcome: 'RELISTED' })).toBe(
      'RELISTED',
    );
    expect(stageOf({ ...closedSold, failedSaleOutcome: 'CLOSED_UNSOLD' })).toBe('CLOSED_UNSOLD');
  });
});
