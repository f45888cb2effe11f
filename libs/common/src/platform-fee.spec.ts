import { platformFeeBps } from './platform-fee';

describe('the platform fee setting', () => {
  it('is GAVEL_PLATFORM_FEE_BPS, 500 basis points by default', () => {
    expect(platformFeeBps({})).toBe(500);
    expect(platformFeeBps({ GAVEL_PLATFORM_FEE_BPS: '' })).toBe(500);
    expect(platformFeeBps({ GAVEL_PLATFORM_FEE_BPS: '0' })).toBe(0);
    expect(platformFeeBps({ GAVEL_PLATFORM_FEE_BPS: '10000' })).toBe(10_000);
  });

  it.each(['-1', '10001', '2.5', 'five'])('refuses %s', (raw) => {
    expect(() => platformFeeBps({ GAVEL_PLATFORM_FEE_BPS: raw })).toThrow(/0 to 10000/);
  });
});
