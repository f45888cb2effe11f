import { dailyIndex, expiredIndices } from './log-sink';

describe('log indices', () => {
  it('names the daily index from the entry timestamp (UTC)', () => {
    expect(dailyIndex('2026-11-23T23:59:59.999Z')).toBe('gavel-logs-2026.11.23');
    expect(dailyIndex('2026-01-02T00:00:00.000Z', 'x')).toBe('x-2026.01.02');
  });

  it('finds indices past the retention, and only ours', () => {
    const names = [
      'gavel-logs-2026.11.01',
      'gavel-logs-2026.11.16',
      'gavel-logs-2026.11.23',
      'other-2020.01.01',
      '.kibana',
    ];
    expect(expiredIndices(names, new Date('2026-11-23T12:00:00Z'), 7)).toEqual(['gavel-logs-2026.11.01']);
    expect(expiredIndices(names, new Date('2026-11-23T12:00:00Z'), 30)).toEqual([]);
  });
});
