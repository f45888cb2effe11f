import { Injectable, NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { childSpan, RequestContext } from '@app/observability';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes `x-correlation-id` from the request (when well-formed) or assigns one, and echoes it back. */
export function ensureCorrelationId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-correlation-id'];
  const correlationId = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  req.headers['x-correlation-id'] = correlationId;
  res.setHeader('x-correlation-id', correlationId);
  next();
}

/**
 * Runs the rest of the request inside a context carrying its correlation and trace ids: a valid
 * incoming W3C `traceparent` is continued (a child span of the caller's), otherwise a trace starts here.
 */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (typeof req.headers['x-correlation-id'] !== 'string') ensureCorrelationId(req, res, () => undefined);
    const correlationId = req.headers['x-correlation-id'] as string;
    const traceparent = childSpan(
      typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined,
    );
    RequestContext.run({ correlationId, traceparent }, () => next());
  }
}
