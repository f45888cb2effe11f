import { DomainError } from '@app/common';

const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

export const IdempotencyKey = {
  /** Undefined when absent; a malformed key is a 400, never silently ignored. */
  parse(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    if (!KEY.test(raw)) {
      throw new DomainError(
        'REQUEST.INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1-128 safe characters',
        'validation',
      );
    }
    return raw;
  },
};
