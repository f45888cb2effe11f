import { formatMinor } from './notification';

describe('formatMinor', () => {
  it('renders integer minor units with two decimals', () => {
    expect(formatMinor('0', 'USD')).toBe('0.00 USD');
    expect(formatMinor('5', 'USD')).toBe('0.05 USD');
    expect(formatMinor('123456', 'USD')).toBe('1234.56 USD');
  });

  it('keeps precision beyond 2^53', () => {
    expect(formatMinor('900719925474099312', 'USD')).toBe('9007199254740993.12 USD');
  });
});
