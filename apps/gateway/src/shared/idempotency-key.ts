import { DomainError } from '@app/common';

const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The optional `Idempotency-Key` header: undefined when absent, 400 when malformed. */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!KEY.test(raw)) {
    throw new DomainError(
      'REQUEST.INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 1-128 of A-Z a-z 0-9 _ . : -',
      'validation',
    );
  }
  return raw;
}
