import { lagOf } from './messaging-metrics';

describe('lagOf', () => {
  const ends = [
    { partition: 0, high: '10', low: '0' },
    { partition: 1, high: '7', low: '3' },
    { partition: 2, high: '5', low: '5' },
  ];

  it('sums end minus committed offsets per partition', () => {
    expect(
      lagOf(ends, [
        { partition: 0, offset: '4' },
        { partition: 1, offset: '7' },
        { partition: 2, offset: '5' },
      ]),
    ).toBe(6);
  });

  it('counts a partition without a commit from its low watermark', () => {
    expect(lagOf(ends, [{ partition: 0, offset: '-1' }])).toBe(10 + 4 + 0);
  });

  it('never goes negative', () => {
    expect(lagOf([{ partition: 0, high: '3', low: '0' }], [{ partition: 0, offset: '9' }])).toBe(0);
  });
});
