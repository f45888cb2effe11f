/**
 * Linking an Ethereum address to a wallet (EIP-191 personal_sign): the server issues a single-use
 * challenge naming Gavel, the user, a nonce and an expiry; the user signs it with the address's key;
 * the address is linked when the signature recovers that address. Pure rules; `now` is passed in.
 */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;

export interface Challenge {
  nonce: string;
  userId: string;
  message: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export function challengeMessage(userId: string, nonce: string, expiresAt: Date): string {
  return [
    'Gavel: link this Ethereum address to your Gavel wallet.',
    `User: ${userId}`,
    `Nonce: ${nonce}`,
    `Expires: ${expiresAt.toISOString()}`,
    'Signing proves you control the address; it sends no transaction and costs nothing.',
  ].join('\n');
}

export function newChallenge(userId: string, nonce: string, now: Date, ttlMs = CHALLENGE_TTL_MS): Challenge {
  const expiresAt = new Date(now.getTime() + ttlMs);
  return { nonce, userId, message: challengeMessage(userId, nonce, expiresAt), expiresAt, usedAt: null };
}

export type ChallengeState = 'open' | 'used' | 'expired';

export function challengeState(challenge: Challenge, now: Date): ChallengeState {
  if (challenge.usedAt) return 'used';
  return challenge.expiresAt.getTime() > now.getTime() ? 'open' : 'expired';
}

/** Ethereum addresses compare case-insensitively (EIP-55 checksums are letter case only). */
export const normalizeAddress = (address: string): string => address.toLowerCase();
export const sameAddress = (a: string, b: string): boolean => normalizeAddress(a) === normalizeAddress(b);

export type LinkDecision =
  | { kind: 'link'; challenge: Challenge }
  | { kind: 'alreadyLinked'; challenge: Challenge }
  | {
      kind: 'rejected';
      code: 'WALLET.BAD_SIGNATURE' | 'WALLET.CHALLENGE_EXPIRED' | 'WALLET.ADDRESS_TAKEN';
      reason: string;
    };

/**
 * `challenge` is the one whose message the signature recovers to `address` (undefined if none does);
 * `owner` is the user the address is already linked to, if any.
 */
export function decideLink(
  challenge: Challenge | undefined,
  userId: string,
  owner: string | undefined,
  now: Date,
): LinkDecision {
  if (!challenge)
    return {
      kind: 'rejected',
      code: 'WALLET.BAD_SIGNATURE',
      reason: 'the signature does not recover the address for an issued challenge',
    };
  const state = challengeState(challenge, now);
  if (state !== 'open')
    return { kind: 'rejected', code: 'WALLET.CHALLENGE_EXPIRED', reason: `the challenge was ${state}` };
  if (owner !== undefined && owner !== userId)
    return {
      kind: 'rejected',
      code: 'WALLET.ADDRESS_TAKEN',
      reason: 'the address is linked to another user',
    };
  return owner === userId ? { kind: 'alreadyLinked', challenge } : { kind: 'link', challenge };
}

/**
 * On-chain value in the wallet's minor units: wei ÷ wei-per-minor-unit, rounded down (never credits
 * a fraction of a cent). The default rate is 10^13 wei per cent: 1 ETH = 100,000 minor units.
 */
export function weiToMinorUnits(wei: bigint, weiPerMinorUnit: bigint): bigint {
  if (weiPerMinorUnit <= 0n) throw new RangeError('wei per minor unit must be positive');
  if (wei <= 0n) return 0n;
  return wei / weiPerMinorUnit;
}
