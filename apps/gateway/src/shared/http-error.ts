import { HttpException } from '@nestjs/common';

/**
 * An HTTP failure whose body is `{ code, message }` (the shared filter adds the correlation id),
 * for statuses a DomainError kind does not cover (401, 429, 502-504) or a downstream error passed on.
 */
export function httpError(status: number, code: string, message: string, details?: unknown): HttpException {
  return new HttpException(details === undefined ? { code, message } : { code, message, details }, status);
}

export const unauthorized = (): HttpException =>
  httpError(401, 'AUTH.UNAUTHORIZED', 'Missing, expired or invalid access token');
