import { fundsShortfall, offerAmountFor } from './second-chance';

describe('a second-chance acceptance at the gateway', () => {
  const lot = { secondChance: { bidderId: 'r1', amount: '1100', status: 'OFFERED' } };

  it('knows the runner-up’s open offer and its amount', () => {
    expect(offerAmountFor(lot, 'r1')).toBe(1100);
  });

  it('leaves everyone else, and an answered offer, to the lot service', () => {
    expect(offerAmountFor(lot, 'w1')).toBeUndefined();
    expect(
      offerAmountFor({ secondChance: { ...lot.secondChance, status: 'ACCEPTED' } }, 'r1'),
    ).toBeUndefined();
    expect(offerAmountFor({}, 'r1')).toBeUndefined();
    expect(offerAmountFor(null, 'r1')).toBeUndefined();
  });

  it('refuses funds that no longer cover the bid, saying how short they are', () => {
    expect(fundsShortfall(1100, 1100)).toBeUndefined();
    expect(fundsShortfall(1100, 900)).toEqual({ required: 1100, spendable: 900 });
  });
});
