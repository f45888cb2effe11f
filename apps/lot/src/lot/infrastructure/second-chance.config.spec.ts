import { DEFAULT_SECOND_CHANCE_WINDOW_MS, secondChanceWindowMs } from './second-chance.config';

const windowOf = (value: string) => secondChanceWindowMs({ GAVEL_SECOND_CHANCE_WINDOW: value });

describe('GAVEL_SECOND_CHANCE_WINDOW', () => {
  it('defaults to 24 hours', () => {
    expect(secondChanceWindowMs({})).toBe(DEFAULT_SECOND_CHANCE_WINDOW_MS);
    expect(DEFAULT_SECOND_CHANCE_WINDOW_MS).toBe(86_400_000);
  });

  it('takes milliseconds or an ISO 8601 duration', () => {
    expect(windowOf('15000')).toBe(15_000);
    expect(windowOf('PT24H')).toBe(86_400_000);
    expect(windowOf('P1D')).toBe(86_400_000);
    expect(windowOf('P1DT12H')).toBe(129_600_000);
    expect(windowOf('PT1M30S')).toBe(90_000);
    expect(windowOf('PT2.5S')).toBe(2_500);
  });

  it('fails on anything else, and outside 1 s to 30 days', () => {
    for (const bad of ['', 'P', 'PT', '24h', '-5', '1.5', 'P1W', 'PT0S', '999', 'P31D', 'PT1H ms'])
      expect(() => windowOf(bad)).toThrow(/GAVEL_SECOND_CHANCE_WINDOW/);
  });
});
