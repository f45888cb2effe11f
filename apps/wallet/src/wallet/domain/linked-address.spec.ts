import { challengeState, decideLink, newChallenge, sameAddress, weiToMinorUnits } from './linked-address';

describe('linked addresses', () => {
  const now = new Date('2025-01-01T12:00:00.000Z');
  const challenge = newChallenge('user-1', 'abc123', now);

  it('issues a message naming Gavel, the user, the nonce and the expiry 10 minutes ahead', () => {
    expect(challenge.expiresAt.toISOString()).toBe('2025-01-01T12:10:00.000Z');
    expect(challenge.message).toContain('Gavel');
    expect(challenge.message).toContain('User: user-1');
    expect(challenge.message).toContain('Nonce: abc123');
    expect(challenge.message).toContain('Expires: 2025-01-01T12:10:00.000Z');
  });

  it('is open until it expires or is used', () => {
    expect(challengeState(challenge, now)).toBe('open');
    expect(challengeState(challenge, new Date('2025-01-01T12:10:00.000Z'))).toBe('expired');
    expect(challengeState({ ...challenge, usedAt: now }, now)).toBe('used');
  });

  it('links when a signed open challenge is presented and nobody owns the address', () => {
    expect(decideLink(challenge, 'user-1', undefined, now)).toEqual({ kind: 'link', challenge });
    expect(decideLink(challenge, 'user-1', 'user-1', now)).toEqual({ kind: 'alreadyLinked', challenge });
  });

  it.each([
    ['no challenge recovers the address', undefined, undefined, now, 'WALLET.BAD_SIGNATURE'],
    [
      'the challenge expired',
      challenge,
      undefined,
      new Date('2025-01-01T12:11:00.000Z'),
      'WALLET.CHALLENGE_EXPIRED',
    ],
    ['the challenge was used', { ...challenge, usedAt: now }, undefined, now, 'WALLET.CHALLENGE_EXPIRED'],
    ['another user owns the address', challenge, 'user-2', now, 'WALLET.ADDRESS_TAKEN'],
  ])('rejects when %s', (_name, c, owner, at, code) => {
    expect(decideLink(c, 'user-1', owner, at)).toMatchObject({ kind: 'rejected', code });
  });

  it('compares addresses regardless of checksum case', () => {
    expect(
      sameAddress('0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1', '0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1'),
    ).toBe(true);
  });

  it('converts wei to minor units rounding down (10^13 wei per cent: 1 ETH = 100,000 cents)', () => {
    const rate = 10n ** 13n;
    expect(weiToMinorUnits(10n ** 18n, rate)).toBe(100_000n);
    expect(weiToMinorUnits(10n ** 13n - 1n, rate)).toBe(0n);
    expect(weiToMinorUnits(25n * 10n ** 12n, rate)).toBe(2n);
    expect(() => weiToMinorUnits(1n, 0n)).toThrow(RangeError);
  });
});
