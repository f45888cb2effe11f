import { DomainError, ErrorKind } from '@app/common';

const linkErrorKinds: Record<
  'WALLET.BAD_SIGNATURE' | 'WALLET.CHALLENGE_EXPIRED' | 'WALLET.ADDRESS_TAKEN',
  ErrorKind
> = {
  'WALLET.BAD_SIGNATURE': 'validation',
  'WALLET.CHALLENGE_EXPIRED': 'validation',
  'WALLET.ADDRESS_TAKEN': 'conflict',
};

export const WalletErrors = {
  notFound: (userId: string) =>
    new DomainError('WALLET.NOT_FOUND', `No wallet for user ${userId}`, 'not_found'),
  alreadyExists: (userId: string) =>
    new DomainError('WALLET.ALREADY_EXISTS', `User ${userId} already has a wallet`, 'conflict'),
  idempotencyMismatch: (key: string) =>
    new DomainError(
      'WALLET.IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${key} was already used for a different top-up`,
      'unprocessable',
    ),
  /** 400 WALLET.BAD_SIGNATURE, 400 WALLET.CHALLENGE_EXPIRED, 409 WALLET.ADDRESS_TAKEN. */
  linkRejected: (code: keyof typeof linkErrorKinds, reason: string) =>
    new DomainError(code, reason, linkErrorKinds[code]),
};
