import { Injectable, NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext, SpanKind, startSpan, tracingEnabled } from '@app/observability';

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
 * With OpenTelemetry on, that child is a SERVER span ending when the response is sent.
 */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (typeof req.headers['x-correlation-id'] !== 'string') ensureCorrelationId(req, res, () => undefined);
    const correlationId = req.headers['x-correlation-id'] as string;
    const span = startSpan({
      name: req.method,
      kind: SpanKind.SERVER,
      parent: typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined,
      attributes: { 'http.request.method': req.method, 'url.path': req.path },
    });
    // Without tracing the span is only a traceparent: nothing to end, so no listeners on every response.
    if (tracingEnabled()) {
      const end = () => span.end(httpOutcome(req, res));
      res.once('finish', end).once('close', end);
    }
    span.run(() => RequestContext.run({ correlationId, traceparent: span.traceparent }, () => next()));
  }
}

/** The server span's closing attributes; `req.route` is the matched route once the handler ran. */
function httpOutcome(req: Request, res: Response) {
  const route: unknown = req.route?.path;
  return {
    ...(typeof route === 'string' ? { name: `${req.method} ${route}` } : {}),
    attributes: {
      'http.response.status_code': res.statusCode,
      ...(typeof route === 'string' ? { 'http.route': route } : {}),
    },
    failed: res.statusCode >= 500 || !res.writableFinished,
  };
}
