import type { DeliveryAddress } from '@app/contracts';
import { checkAddress, parseCountries } from './booking';
import { planSlots } from './schedule';

const address = (over: Partial<DeliveryAddress> = {}): DeliveryAddress => ({
  name: 'Ada',
  line1: 'Damrak 1',
  city: 'Amsterdam',
  postcode: '1012 LG',
  country: 'NL',
  ...over,
});

describe('checkAddress', () => {
  const served = parseCountries(undefined);

  it('accepts a complete address in a served country, whatever the case of the code', () => {
    expect(checkAddress(address(), served)).toEqual({ deliverable: true });
    expect(checkAddress(address({ country: ' de ' }), served)).toEqual({ deliverable: true });
  });

  it.each([
    ['an unserved country', { country: 'JP' }, /country JP/],
    ['a blank country', { country: '  ' }, /country \(blank\)/],
    ['a blank street line', { line1: '   ' }, /line1/],
    ['a blank postcode', { postcode: '' }, /postcode/],
  ])('refuses %s', (_name, over, reason) => {
    const check = checkAddress(address(over), served);
    expect(check.deliverable).toBe(false);
    expect(check.deliverable === false && check.reason).toMatch(reason);
  });

  it('reads the served list from configuration', () => {
    expect(parseCountries('jp, kr,,')).toEqual(['JP', 'KR']);
    expect(parseCountries('')).toEqual(['NL', 'DE', 'BE', 'FR', 'GB', 'US']);
    expect(checkAddress(address({ country: 'JP' }), parseCountries('JP'))).toEqual({ deliverable: true });
    expect(checkAddress(address(), parseCountries('JP')).deliverable).toBe(false);
  });
});

describe('planSlots', () => {
  it('plans four slots a day after now, with stable ids', () => {
    const plan = planSlots(new Date('2025-01-02T13:00:00Z'), 1);
    expect(plan.map((s) => s.id)).toEqual([
      'std-20250102-15',
      'std-20250102-18',
      'std-20250103-09',
      'std-20250103-12',
      'std-20250103-15',
      'std-20250103-18',
    ]);
    expect(plan[0].startsAt.toISOString()).toBe('2025-01-02T15:00:00.000Z');
  });

  it('covers the whole window', () => {
    expect(planSlots(new Date('2025-01-02T00:00:00Z'), 14)).toHaveLength(15 * 4);
  });
});
