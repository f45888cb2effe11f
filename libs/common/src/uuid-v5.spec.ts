import { uuidV5 } from './uuid-v5';

const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV5', () => {
  it('implements UUID v5 (RFC 9562 test vector)', () => {
    expect(uuidV5('www.example.com', DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('accepts the namespace in upper case', () => {
    expect(uuidV5('www.example.com', DNS.toUpperCase())).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable per name and namespace, a version-5 UUID, different for another name or namespace', () => {
    const id = uuidV5('order\nbuyer-1\nkey-1', DNS);
    expect(id).toMatch(V5);
    expect(uuidV5('order\nbuyer-1\nkey-1', DNS)).toBe(id);
    expect(uuidV5('order\nbuyer-1\nkey-2', DNS)).not.toBe(id);
    expect(uuidV5('order\nbuyer-1\nkey-1', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')).not.toBe(id);
  });

  it.each([
    ['empty', ''],
    ['not hex', 'zzzzzzzz-9dad-11d1-80b4-00c04fd430c8'],
    ['too short', '6ba7b810-9dad-11d1-80b4-00c04fd430c'],
    ['too long', '6ba7b810-9dad-11d1-80b4-00c04fd430c80'],
    ['without dashes', '6ba7b8109dad11d180b400c04fd430c8'],
    ['dashes misplaced', '6ba7b8109-dad-11d1-80b4-00c04fd430c8'],
  ])('refuses a namespace that is not a UUID (%s)', (_case, namespace) => {
    expect(() => uuidV5('x', namespace)).toThrow(/invalid namespace UUID/);
  });
});
