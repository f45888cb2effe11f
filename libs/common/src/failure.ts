import { DomainError } from './errors';

/** PostgreSQL SQLSTATE classes and codes worth retrying: the same message may well succeed later. */
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001|40P01|55P03)/;
const TRANSIENT_NODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Infrastructure faults (connection loss, deadlock, serialization failure, shutdown) are retried;
 * everything else about a message — a business rule, a constraint violation, bad data, a bug — is
 * deterministic, and retrying it would block its partition forever.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof DomainError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE.has(code))) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(message);
}

export function describeError(error: unknown): string {
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
