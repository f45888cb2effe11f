import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ErrorBody } from '@app/contracts';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorStatus } from './errors';
import { isTransient } from './failure';
import { RequestContext } from '@app/observability';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

const bodyParserCodes: Record<string, { code: string; status: number }> = {
  'entity.too.large': { code: 'REQUEST.TOO_LARGE', status: HttpStatus.PAYLOAD_TOO_LARGE },
  'entity.parse.failed': { code: 'REQUEST.MALFORMED_JSON', status: HttpStatus.BAD_REQUEST },
  'encoding.unsupported': { code: 'REQUEST.UNSUPPORTED_ENCODING', status: HttpStatus.UNSUPPORTED_MEDIA_TYPE },
};

/** The answer to a body the parser refused (undefined for any other error). */
function bodyParserAnswer(exception: unknown): { status: number; body: ErrorBody } | undefined {
  const parser = exception as BodyParserError | undefined;
  const known = typeof parser?.type === 'string' ? bodyParserCodes[parser.type] : undefined;
  return (
    known && { status: known.status, body: { code: known.code, message: parser?.message ?? known.code } }
  );
}

/**
 * Express error middleware for right after the body parsers. Nest turns a parser's SyntaxError (a
 * malformed JSON body) into a bare BadRequestException, which would leave as REQUEST.INVALID; this hands
 * the filter an HttpException that carries the parser's own code (REQUEST.MALFORMED_JSON).
 */
export function answerBodyParserErrors(
  error: unknown,
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const answer = bodyParserAnswer(error);
  next(answer ? new HttpException(answer.body, answer.status) : error);
}

/** Every error leaves as `{ code, message, correlationId }` with a 4xx/5xx status. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const correlationId = RequestContext.correlationId() ?? String(req.headers['x-correlation-id'] ?? '');
    const { status, body } = errorAnswer(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if ((status === 429 || status === 503) && typeof retryAfter === 'number')
      res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json({ ...body, correlationId });
  }
}

/** The status and `{code, message, details}` body an error leaves with (the filter adds the correlation id). */
export function errorAnswer(exception: unknown): { status: number; body: ErrorBody } {
  if (exception instanceof DomainError) {
    return {
      status: ErrorStatus[exception.kind],
      body: { code: exception.code, message: exception.message, details: exception.details },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) {
      return { status, body: response as ErrorBody };
    }
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: string | string[] }).message
        : exception.message;
    const details = Array.isArray(message) ? message : undefined;
    return {
      status,
      body: {
        code: httpCode(status),
        message: Array.isArray(message) ? message.join('; ') : message,
        details,
      },
    };
  }
  const parsing = bodyParserAnswer(exception);
  if (parsing) return parsing;
  // The database (or another dependency) is restarting or unreachable: nothing was done, try again.
  if (isTransient(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: {
        code: 'SERVICE.UNAVAILABLE',
        message: 'A dependency of this service is unavailable for a moment; nothing was done, retry',
        details: { retryAfterSeconds: 1 },
      },
    };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal error' } };
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'REQUEST.INVALID';
    case 401:
      return 'AUTH.UNAUTHORIZED';
    case 403:
      return 'AUTH.FORBIDDEN';
    case 404:
      return 'REQUEST.NOT_FOUND';
    case 413:
      return 'REQUEST.TOO_LARGE';
    default:
      return status >= 500 ? 'INTERNAL' : 'REQUEST.REJECTED';
  }
}
