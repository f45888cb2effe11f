import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { UserRole } from '@app/contracts';
import { RequestContext } from '@app/observability';
import { GATEWAY_CONFIG, GatewayConfig, Upstream } from '../gateway.config';
import { httpError } from '../shared/http-error';
import { plainRequest } from '../shared/keep-alive-http';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path with every dynamic segment already URI-encoded, e.g. `/wallets/abc/deposits`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Identity forwarded as `x-gavel-user-id` / `x-gavel-role`. */
  caller?: { userId: string; role: UserRole };
  headers?: Record<string, string | undefined>;
  /**
   * Long poll: sent as `?waitMs=` when > 0, and the deadline (GAVEL_UPSTREAM_TIMEOUT_MS) grows by it,
   * since the upstream may hold the answer that long.
   */
  waitMs?: number;
  /** This call's deadline instead of GAVEL_UPSTREAM_TIMEOUT_MS (a slow operator report). */
  timeoutMs?: number;
}

export interface UpstreamResponse<T = unknown> {
  status: number;
  body: T;
}

interface ErrorLike {
  code: string;
  message: string;
  details?: unknown;
}

function isErrorBody(body: unknown): body is ErrorLike {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ErrorLike).code === 'string' &&
    typeof (body as ErrorLike).message === 'string'
  );
}

/**
 * HTTP to the internal services with a deadline. Returns 2xx answers; a downstream error body
 * `{code, message}` is passed on unchanged with its status; unreachable → 503 UPSTREAM.UNAVAILABLE,
 * no answer in time → 504 UPSTREAM.TIMEOUT, anything else → 502 UPSTREAM.BAD_RESPONSE.
 */
@Injectable()
export class UpstreamClient {
  private readonly logger = new Logger(UpstreamClient.name);

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async call<T = unknown>(service: Upstream, request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const url = this.url(service, request);
    let status: number;
    let text: string;
    try {
      const res = await plainRequest(url, {
        method: request.method,
        headers: this.headers(request),
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        timeoutMs: (request.timeoutMs ?? this.config.upstreamTimeoutMs) + Math.max(0, request.waitMs ?? 0),
      });
      status = res.status;
      text = res.body.toString('utf8');
    } catch (e) {
      throw this.transportError(service, request, e);
    }
    const body = parseJson(text);
    if (status >= 200 && status < 300) return { status, body: body as T };
    if (isErrorBody(body)) throw httpError(status, body.code, body.message, body.details);
    this.logger.warn(
      `${service} answered ${request.method} ${request.path} with ${status} and no error code`,
    );
    throw httpError(
      502,
      'UPSTREAM.BAD_RESPONSE',
      `The ${service} service gave an unexpected answer (${status})`,
    );
  }

  private url(service: Upstream, request: UpstreamRequest): string {
    const params = { ...request.query, ...(request.waitMs ? { waitMs: String(request.waitMs) } : {}) };
    const query = Object.keys(params).length > 0 ? `?${new URLSearchParams(params)}` : '';
    return `${this.config.upstreams[service]}${request.path}${query}`;
  }

  private headers(request: UpstreamRequest): Record<string, string> {
    const ctx = RequestContext.current();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (ctx?.correlationId) headers['x-correlation-id'] = ctx.correlationId;
    if (ctx?.traceparent) headers.traceparent = ctx.traceparent;
    if (request.caller) {
      headers['x-gavel-user-id'] = request.caller.userId;
      headers['x-gavel-role'] = request.caller.role;
    }
    for (const [name, value] of Object.entries(request.headers ?? {}))
      if (value !== undefined) headers[name] = value;
    return headers;
  }

  private transportError(service: Upstream, request: UpstreamRequest, e: unknown): HttpException {
    // fetch rejects with a DOMException (not always instanceof Error across realms) on the deadline.
    const { name, message } =
      typeof e === 'object' && e !== null ? (e as { name?: unknown; message?: unknown }) : {};
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    this.logger.warn(
      `${service} ${request.method} ${request.path} failed: ${typeof message === 'string' ? message : String(e)}`,
    );
    return timedOut
      ? httpError(504, 'UPSTREAM.TIMEOUT', `The ${service} service did not answer in time`)
      : httpError(503, 'UPSTREAM.UNAVAILABLE', `The ${service} service is unavailable`);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
