import { HttpException, Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { DefaultPorts, intEnv } from '@app/common';
import type { UserRole } from '@app/contracts';
import { RequestContext } from '@app/observability';
import { httpError } from '../../shared/http-error';
import { plainRequest } from '../../shared/keep-alive-http';

export interface LotServiceRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path with every dynamic segment already URI-encoded. */
  path: string;
  query?: string;
  caller?: { userId: string; role: UserRole };
  /** JSON body. */
  json?: unknown;
  /** A raw body streamed through as is (e.g. a multipart photo upload), with its headers. */
  stream?: { body: Readable; headers: Record<string, string> };
}

export interface LotServiceResponse {
  status: number;
  contentType: string;
  /** Parsed JSON for JSON answers. */
  body: unknown;
  /** The raw answer for anything else (photos). */
  raw?: Buffer;
}

/**
 * HTTP to the lot service (GAVEL_LOT_URL, default 127.0.0.1:18085) with the same conventions as
 * UpstreamClient: 2xx returned, a `{code, message}` error passed on with its status, unreachable → 503
 * UPSTREAM.UNAVAILABLE, no answer within GAVEL_UPSTREAM_TIMEOUT_MS (uploads: GAVEL_UPLOAD_TIMEOUT_MS) → 504.
 */
@Injectable()
export class LotServiceClient {
  private readonly logger = new Logger(LotServiceClient.name);
  private readonly baseUrl = (process.env.GAVEL_LOT_URL || `http://127.0.0.1:${DefaultPorts.lot}`).replace(
    /\/+$/,
    '',
  );
  private readonly timeoutMs = intEnv('GAVEL_UPSTREAM_TIMEOUT_MS', 3000);
  private readonly uploadTimeoutMs = intEnv('GAVEL_UPLOAD_TIMEOUT_MS', 30_000);

  async call(request: LotServiceRequest): Promise<LotServiceResponse> {
    const url = `${this.baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`;
    let res: { status: number; headers: { get(name: string): string | null } };
    let raw: Buffer;
    try {
      if (request.stream) {
        const answer = await fetch(url, {
          method: request.method,
          headers: this.headers(request),
          body: this.body(request),
          signal: AbortSignal.timeout(this.uploadTimeoutMs),
          redirect: 'manual',
          duplex: 'half',
        } as RequestInit);
        res = answer;
        raw = Buffer.from(await answer.arrayBuffer());
      } else {
        const answer = await plainRequest(url, {
          method: request.method,
          headers: this.headers(request),
          ...(request.json === undefined ? {} : { body: JSON.stringify(request.json) }),
          timeoutMs: this.timeoutMs,
        });
        res = { status: answer.status, headers: { get: () => answer.contentType } };
        raw = answer.body;
      }
    } catch (e) {
      throw this.transportError(request, e);
    }
    const contentType = res.headers.get('content-type') ?? '';
    const json = contentType.includes('json') ? parseJson(raw.toString('utf8')) : undefined;
    if (res.status >= 200 && res.status < 300) {
      return json === undefined && raw.length > 0 && !contentType.includes('json')
        ? { status: res.status, contentType, body: undefined, raw }
        : { status: res.status, contentType, body: json };
    }
    if (isErrorBody(json)) throw httpError(res.status, json.code, json.message, json.details);
    this.logger.warn(`lot answered ${request.method} ${request.path} with ${res.status} and no error code`);
    throw httpError(
      502,
      'UPSTREAM.BAD_RESPONSE',
      `The lot service gave an unexpected answer (${res.status})`,
    );
  }

  private body(request: LotServiceRequest): RequestInit['body'] {
    if (request.stream)
      return Readable.toWeb(request.stream.body) as ReadableStream<Uint8Array> as RequestInit['body'];
    return request.json === undefined ? undefined : JSON.stringify(request.json);
  }

  private headers(request: LotServiceRequest): Record<string, string> {
    const ctx = RequestContext.current();
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(request.stream?.headers ?? {}),
    };
    if (request.json !== undefined) headers['content-type'] = 'application/json';
    if (ctx?.correlationId) headers['x-correlation-id'] = ctx.correlationId;
    if (ctx?.traceparent) headers.traceparent = ctx.traceparent;
    if (request.caller) {
      headers['x-gavel-user-id'] = request.caller.userId;
      headers['x-gavel-role'] = request.caller.role;
    }
    return headers;
  }

  private transportError(request: LotServiceRequest, e: unknown): HttpException {
    const { name, message } =
      typeof e === 'object' && e !== null ? (e as { name?: unknown; message?: unknown }) : {};
    this.logger.warn(
      `lot ${request.method} ${request.path} failed: ${typeof message === 'string' ? message : String(e)}`,
    );
    return name === 'TimeoutError' || name === 'AbortError'
      ? httpError(504, 'UPSTREAM.TIMEOUT', 'The lot service did not answer in time')
      : httpError(503, 'UPSTREAM.UNAVAILABLE', 'The lot service is unavailable');
  }
}

function isErrorBody(body: unknown): body is { code: string; message: string; details?: unknown } {
  const b = body as { code?: unknown; message?: unknown } | null;
  return typeof b === 'object' && b !== null && typeof b.code === 'string' && typeof b.message === 'string';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
