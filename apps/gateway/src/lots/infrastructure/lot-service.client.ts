import { HttpException, Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { intEnv } from '@app/common';
import type { UserRole } from '@app/contracts';
import { RequestContext } from '@app/observability';
import { httpError } from '../../shared/http-error';
import { PlainResponse, plainRequest } from '../../shared/keep-alive-http';
import { LotReplicas } from './lot-replicas/lot-replicas';
import { lotFallbacks, lotRequests } from './lot-replicas/lot-routing.metrics';

export interface LotServiceRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path with every dynamic segment already URI-encoded. */
  path: string;
  query?: string;
  /** The lot the call is about: it goes to the replica that owns the lot. */
  lotId?: string;
  /**
   * The lot service answers this call the same when it comes twice (a bid, by its bid id; GETs are):
   * a replica that dropped the connection after it may have read the call is passed for the next one.
   */
  idempotent?: boolean;
  caller?: { userId: string; role: UserRole };
  /** JSON body. */
  json?: unknown;
  /** A JSON body already serialized (LotBidBatcher's batches, built from bids serialized once). */
  jsonText?: string;
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

/** How a call to one replica failed: whether it may have been read decides if the next replica gets it. */
export type LotCallFailure = 'refused' | 'reset' | 'timeout' | 'other';

/** Connection errors that mean nothing was sent (no connection was made). */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ECONNECTTIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** A connection dropped after the call may have been read (a replica that died while deciding it). */
const DROPPED = new Set(['ECONNRESET', 'EPIPE']);

/**
 * HTTP to the lot service's replicas (gateway config `lotReplicas`: GAVEL_LOT_URLS, GAVEL_LOT_DISCOVERY,
 * else GAVEL_LOT_URL, default 127.0.0.1:18085) with the same conventions as UpstreamClient: 2xx returned,
 * a `{code, message}` error passed on with its status, unreachable → 503 UPSTREAM.UNAVAILABLE, no answer
 * within GAVEL_UPSTREAM_TIMEOUT_MS (uploads: GAVEL_UPLOAD_TIMEOUT_MS) → 504.
 *
 * A call about one lot goes to the lot's owner, the first of its rendezvous order over the replicas
 * (LotReplicas), so one replica decides a lot's bids; other calls take the replicas in turn. When a
 * replica refuses the connection or makes none within GAVEL_LOT_CONNECT_TIMEOUT_MS (1 s), nothing was
 * sent and the call goes to the next replica of its order; a dropped connection passes an idempotent call
 * on too (a bid: the same bid id gets the same decision from any replica, and the lot's row lock lets
 * one at a time decide). Either way the replica is tried after the others for GAVEL_LOT_DOWN_MS (2 s).
 * A call with no answer in time is not sent again (504): it may still be decided, and the bidder's retry
 * with the same Idempotency-Key gets that decision. A streamed upload is never sent twice.
 */
@Injectable()
export class LotServiceClient {
  private readonly logger = new Logger(LotServiceClient.name);
  private readonly timeoutMs = intEnv('GAVEL_UPSTREAM_TIMEOUT_MS', 3000);
  private readonly uploadTimeoutMs = intEnv('GAVEL_UPLOAD_TIMEOUT_MS', 30_000);
  private readonly connectTimeoutMs = intEnv('GAVEL_LOT_CONNECT_TIMEOUT_MS', 1000);

  constructor(private readonly replicas: LotReplicas) {}

  async call(request: LotServiceRequest): Promise<LotServiceResponse> {
    const { status, contentType, body: raw } = await this.send(request);
    const json = contentType.includes('json') ? parseJson(raw.toString('utf8')) : undefined;
    if (status >= 200 && status < 300) {
      return json === undefined && raw.length > 0 && !contentType.includes('json')
        ? { status, contentType, body: undefined, raw }
        : { status, contentType, body: json };
    }
    if (!isErrorBody(json))
      this.logger.warn(`lot answered ${request.method} ${request.path} with ${status} and no error code`);
    throw lotAnswerError(status, json);
  }

  /** The first answer from the replicas in the call's order (see the class comment). */
  private async send(request: LotServiceRequest): Promise<PlainResponse> {
    const order = this.replicas.orderFor(request.lotId);
    for (let i = 0; ; i++) {
      const replica = order[i];
      lotRequests.inc({ replica });
      try {
        return await this.exchange(replica, request);
      } catch (e) {
        const failure = lotCallFailure(e);
        if (failure === 'refused' || failure === 'reset') this.replicas.markDown(replica);
        const next = order[i + 1];
        if (next === undefined || !maySendAgain(request, failure)) throw this.transportError(request, e);
        lotFallbacks.inc({ replica, reason: failure });
        this.logger.warn({
          message: `lot ${request.method} ${request.path}: ${replica} ${failure}; sending it to ${next}`,
          replica,
          next,
          lotId: request.lotId,
        });
      }
    }
  }

  /** One exchange with one replica, no failover (a batch of bids fails over bid by bid: LotBidBatcher). */
  async exchange(replica: string, request: LotServiceRequest): Promise<PlainResponse> {
    const url = `${replica}${request.path}${request.query ? `?${request.query}` : ''}`;
    if (!request.stream) {
      return plainRequest(url, {
        method: request.method,
        headers: this.headers(request),
        ...(request.jsonText !== undefined
          ? { body: request.jsonText }
          : request.json === undefined
            ? {}
            : { body: JSON.stringify(request.json) }),
        timeoutMs: this.timeoutMs,
        connectTimeoutMs: this.connectTimeoutMs,
      });
    }
    const answer = await fetch(url, {
      method: request.method,
      headers: this.headers(request),
      body: this.body(request),
      signal: AbortSignal.timeout(this.uploadTimeoutMs),
      redirect: 'manual',
      duplex: 'half',
    } as RequestInit);
    return {
      status: answer.status,
      contentType: answer.headers.get('content-type') ?? '',
      body: Buffer.from(await answer.arrayBuffer()),
    };
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
    if (request.json !== undefined || request.jsonText !== undefined)
      headers['content-type'] = 'application/json';
    if (ctx?.correlationId) headers['x-correlation-id'] = ctx.correlationId;
    if (ctx?.traceparent) headers.traceparent = ctx.traceparent;
    if (request.caller) {
      headers['x-gavel-user-id'] = request.caller.userId;
      headers['x-gavel-role'] = request.caller.role;
    }
    return headers;
  }

  private transportError(request: LotServiceRequest, e: unknown): HttpException {
    const { message } = typeof e === 'object' && e !== null ? (e as { message?: unknown }) : {};
    this.logger.warn(
      `lot ${request.method} ${request.path} failed: ${typeof message === 'string' ? message : String(e)}`,
    );
    return lotTransportError(e);
  }
}

/** How a call that got no answer is answered: 504 when none came in time, else 503. */
export function lotTransportError(e: unknown): HttpException {
  return lotCallFailure(e) === 'timeout'
    ? httpError(504, 'UPSTREAM.TIMEOUT', 'The lot service did not answer in time')
    : httpError(503, 'UPSTREAM.UNAVAILABLE', 'The lot service is unavailable');
}

/** A non-2xx answer as the HttpException that passes it on: its `{code, message}` and status, else 502. */
export function lotAnswerError(status: number, json: unknown): HttpException {
  return isErrorBody(json)
    ? httpError(status, json.code, json.message, json.details)
    : httpError(502, 'UPSTREAM.BAD_RESPONSE', `The lot service gave an unexpected answer (${status})`);
}

/** What a failed exchange with one replica says about the call (fetch puts the code in `cause`). */
export function lotCallFailure(e: unknown): LotCallFailure {
  const err = (typeof e === 'object' && e !== null ? e : {}) as {
    name?: unknown;
    code?: unknown;
    cause?: { code?: unknown };
  };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const code = err.code ?? err.cause?.code;
  if (typeof code !== 'string') return 'other';
  if (NEVER_SENT.has(code)) return 'refused';
  return DROPPED.has(code) ? 'reset' : 'other';
}

/** Whether a call that failed so at one replica may go to the next. */
export function maySendAgain(request: LotServiceRequest, failure: LotCallFailure): boolean {
  if (request.stream) return false;
  if (failure === 'refused') return true;
  return failure === 'reset' && (request.method === 'GET' || request.idempotent === true);
}

function isErrorBody(body: unknown): body is { code: string; message: string; details?: unknown } {
  const b = body as { code?: unknown; message?: unknown } | null;
  return typeof b === 'object' && b !== null && typeof b.code === 'string' && typeof b.message === 'string';
}

/** The JSON of an answer, undefined when empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
