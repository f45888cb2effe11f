import { DomainError } from '@app/common';

export const WalletErrors = {
  notFound: (userId: string) => new DomainError('WALLET.NOT_FOUND', `No wallet for user ${userId}`, 'not_found'),
  alreadyExists: (userId: string) =>
    new DomainError('WALLET.ALREADY_EXISTS', `User ${userId} already has a wallet`, 'conflict'),
  idempotencyMismatch: (key: string) =>
    new DomainError(
      'WALLET.IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${key} was already used for a different top-up`,
      'unprocessable',
    ),
};
