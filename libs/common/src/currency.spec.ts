import { formatMinor, minorDigits, platformCurrency } from './currency';

describe('the platform currency', () => {
  it('is GAVEL_CURRENCY, USD by default, and refuses what is not an ISO code', () => {
    expect(platformCurrency({})).toBe('USD');
    expect(platformCurrency({ GAVEL_CURRENCY: 'eur' })).toBe('EUR');
    expect(() => platformCurrency({ GAVEL_CURRENCY: 'dollars' })).toThrow(/ISO 4217/);
  });

  it('knows how many decimals a minor unit has', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });

  it('formats integer minor units exactly, beyond 2^53 and below zero', () => {
    expect(formatMinor('0', 'USD')).toBe('0.00 USD');
    expect(formatMinor('5', 'USD')).toBe('0.05 USD');
    expect(formatMinor(123456n, 'USD')).toBe('1234.56 USD');
    expect(formatMinor('900719925474099312', 'USD')).toBe('9007199254740993.12 USD');
    expect(formatMinor('-5', 'USD')).toBe('-0.05 USD');
    expect(formatMinor('1500', 'JPY')).toBe('1500 JPY');
  });
});
