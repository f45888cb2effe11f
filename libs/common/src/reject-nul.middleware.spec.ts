import { containsNul } from './reject-nul.middleware';

describe('containsNul', () => {
  it('finds a NUL in nested strings and keys', () => {
    expect(containsNul({ email: 'a\u0000b@example.test' })).toBe(true);
    expect(containsNul({ a: [{ b: 'ok' }, 'x\u0000'] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
  });

  it('accepts everything else', () => {
    expect(containsNul({ email: 'ada@example.test', n: 1, ok: true, none: null, list: ['é', '日本'] })).toBe(
      false,
    );
    expect(containsNul(undefined)).toBe(false);
  });
});
