import { available, canSetOnHand } from './stock';

describe('stock rules', () => {
  it('available is on hand minus reserved', () => {
    expect(available({ onHand: 10, reserved: 3 })).toBe(7);
    expect(available({ onHand: 3, reserved: 3 })).toBe(0);
  });

  it.each([
    [{ onHand: 5, reserved: 3 }, 3, true],
    [{ onHand: 5, reserved: 3 }, 2, false],
    [{ onHand: 5, reserved: 0 }, 0, true],
    [{ onHand: 5, reserved: 0 }, 1_000_001, false],
    [{ onHand: 5, reserved: 0 }, 2.5, false],
  ])('canSetOnHand(%o, %d) = %s', (level, onHand, expected) => {
    expect(canSetOnHand(level, onHand)).toBe(expected);
  });
});
