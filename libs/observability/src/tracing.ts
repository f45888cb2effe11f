import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` header
 * `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`. The outbox copies the current one into each
 * row, Debezium carries it as a Kafka header, consumers and the HTTP middleware put it into
 * RequestContext, and every log line gets its trace id.
 */
export interface TraceContext {
  version: string;
  traceId: string;
  spanId: string;
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
export const SAMPLED_FLAG = '01';

/**
 * Parses a traceparent header. Version 00 must be exactly four fields; a higher version may carry
 * more (the spec asks to read its first four); version ff, all-zero ids and upper-case hex are invalid.
 */
export function parseTraceparent(header: string | undefined | null): TraceContext | undefined {
  if (typeof header !== 'string') return undefined;
  const m = TRACEPARENT.exec(header.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff') return undefined;
  if (version === '00' && rest !== undefined) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { version, traceId, spanId, flags };
}

export function formatTraceparent(ctx: Pick<TraceContext, 'traceId' | 'spanId' | 'flags'>): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.flags}`;
}

/** Random bytes drawn from a pool refilled 4 KiB at a time: one system call per ~170 spans, not two per request. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomHex(bytes: number, zero: string): string {
  for (;;) {
    if (poolOffset + bytes > pool.length) {
      pool = randomBytes(POOL_BYTES);
      poolOffset = 0;
    }
    const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    if (hex !== zero) return hex;
  }
}

export const newTraceId = (): string => randomHex(16, ZERO_TRACE);
export const newSpanId = (): string => randomHex(8, ZERO_SPAN);

/** A new trace (a root span), sampled by default. */
export function createTraceparent(sampled = true): string {
  return formatTraceparent({
    traceId: newTraceId(),
    spanId: newSpanId(),
    flags: sampled ? SAMPLED_FLAG : '00',
  });
}

/**
 * A child of `parent`: same trace id and flags, a new span id, written as version 00. An absent or
 * invalid parent starts a new trace, so the caller always gets a valid header.
 */
export function childSpan(parent: string | undefined | null): string {
  const ctx = parseTraceparent(parent);
  if (!ctx) return createTraceparent();
  return formatTraceparent({ traceId: ctx.traceId, spanId: newSpanId(), flags: ctx.flags });
}

/** The trace id of a valid traceparent, for log lines. */
export function traceIdOf(traceparent: string | undefined | null): string | undefined {
  return parseTraceparent(traceparent)?.traceId;
}

export function isSampled(ctx: TraceContext): boolean {
  return (parseInt(ctx.flags, 16) & 1) === 1;
}
