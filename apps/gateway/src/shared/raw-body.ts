import { DomainError } from '@app/common';

/** A JSON object body that the gateway forwards for the owning service to validate. */
export type JsonObject = Record<string, unknown>;

export function requireJsonObject(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('REQUEST.INVALID', 'The body must be a JSON object', 'validation');
  }
  return body as JsonObject;
}

/** Validates a path segment before it is forwarded (a malformed one is a 400, never a path trick). */
export function requireSegment(value: string, name: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw new DomainError('REQUEST.INVALID', `${name} is malformed`, 'validation');
  return encodeURIComponent(value);
}
