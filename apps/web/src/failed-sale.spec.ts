import { canAnswer, FailedSaleLot, failedSaleText, readerOf, stageLabel } from './failed-sale';

const f = { money: (m: string) => `$${Number(m) / 100}`, time: (iso: string) => iso.slice(11, 16) };
const now = new Date('2030-01-01T10:00:00Z');
const lot = (over: Partial<FailedSaleLot> = {}): FailedSaleLot => ({
  id: 'l1',
  sellerId: 's1',
  winnerId: 'w1',
  saleStatus: 'FAILED',
  saleFailureReason: 'no delivery to ZZ',
  stage: 'SECOND_CHANCE_OFFERED',
  secondChance: { bidderId: 'r1', amount: '1000', status: 'OFFERED', expiresAt: '2030-01-02T10:00:00Z' },
  ...over,
});

describe('a failed sale in words', () => {
  it('knows who reads it', () => {
    expect(readerOf(lot(), 's1')).toBe('seller');
    expect(readerOf(lot(), 'w1')).toBe('winner');
    expect(readerOf(lot(), 'r1')).toBe('runnerUp');
    expect(readerOf(lot(), 'x')).toBe('other');
    expect(readerOf(lot(), undefined)).toBe('other');
  });

  it('offers the runner-up the lot with its amount and deadline; the others read that it was offered', () => {
    expect(failedSaleText(lot(), 'runnerUp', f)).toBe(
      "The winner's order failed: no delivery to ZZ. You may buy it for your last bid of $10 until 10:00.",
    );
    expect(failedSaleText(lot(), 'winner', f)).toMatch(
      /^Your order failed: .*offered to the next-highest bidder/,
    );
    expect(failedSaleText(lot(), 'seller', f)).toContain('offered to the next-highest bidder for $10');
  });

  it('lets only the runner-up answer an open offer before its deadline', () => {
    expect(canAnswer(lot(), 'runnerUp', now)).toBe(true);
    expect(canAnswer(lot(), 'seller', now)).toBe(false);
    expect(canAnswer(lot(), 'runnerUp', new Date('2030-01-02T10:00:00Z'))).toBe(false);
    expect(canAnswer(lot({ stage: 'SECOND_CHANCE_ACCEPTED' }), 'runnerUp', now)).toBe(false);
  });

  it('tells how it ended', () => {
    const declined = lot({
      stage: 'RELISTED',
      secondChance: { bidderId: 'r1', amount: '1000', status: 'DECLINED', expiresAt: '2030-01-02T10:00:00Z' },
    });
    expect(failedSaleText(declined, 'seller', f)).toContain('declined it. It was relisted as a new auction.');
    expect(failedSaleText(lot({ stage: 'SOLD_TO_RUNNER_UP' }), 'runnerUp', f)).toContain(
      'You bought it for $10',
    );
    expect(failedSaleText(lot({ stage: 'CLOSED_UNSOLD', secondChance: undefined }), 'other', f)).toContain(
      'closed unsold',
    );
    expect(failedSaleText(lot({ saleStatus: 'COMPLETED', stage: 'SOLD' }), 'other', f)).toBeUndefined();
    expect(stageLabel(lot({ stage: 'RELISTED' }))).toBe('Relisted');
    expect(stageLabel(lot({ stage: 'SOLD' }))).toBeUndefined();
  });
});
