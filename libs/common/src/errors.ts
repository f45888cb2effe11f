/**
 * An expected failure with a stable machine-readable code such as `WALLET.NOT_FOUND`.
 * Domain code returns or throws these; the HTTP edge maps `kind` to a status.
 */
export type ErrorKind =
  'validation' | 'not_found' | 'conflict' | 'payment_required' | 'unprocessable' | 'forbidden' | 'overloaded';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const ErrorStatus: Record<ErrorKind, number> = {
  validation: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payment_required: 402,
  unprocessable: 422,
  /** Refused for now, nothing was done: retry after `details.retryAfterSeconds` (sent as Retry-After). */
  overloaded: 429,
};
