import type { NextFunction, Request, Response } from 'express';

/** True when a string anywhere in the value (keys included) holds a NUL character. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).some(
      ([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1),
    );
  }
  return false;
}

function decodedPath(req: Request): string {
  try {
    return decodeURIComponent(req.path);
  } catch {
    return req.path;
  }
}

/**
 * PostgreSQL text cannot hold NUL characters: a request carrying one in its path, query or JSON body is
 * refused with 400 here, instead of failing deep inside a query as a 500.
 */
export function rejectNulCharacters(req: Request, res: Response, next: NextFunction): void {
  if (decodedPath(req).includes('\u0000') || containsNul(req.query) || containsNul(req.body)) {
    res.status(400).json({
      code: 'REQUEST.INVALID_CHARACTERS',
      message: 'NUL characters are not allowed in the path, query or body',
      correlationId: req.headers['x-correlation-id'],
    });
    return;
  }
  next();
}
