/**
 * Where a saga's logs and traces are: the log search filtered by its correlation id, and by each trace its
 * events were decided in (the trace id of the traceparent kept in each event's metadata). Pure: no DOM.
 */

/** What `GET /admin/sagas/:id` says caused an event (older events carry none of it). */
export interface EventOrigin {
  input?: string;
  actor?: string;
  causationId?: string;
  traceparent?: string;
}

export interface TracedEvent {
  seq: number;
  type: string;
  metadata?: EventOrigin;
}

/** One trace the saga's events were decided in. */
export interface SagaTrace {
  traceId: string;
  /** How many of the saga's events, and the first and last of them. */
  events: number;
  firstSeq: number;
  lastSeq: number;
  /** Who caused the first of them: http, reply, timer or operator (unknown when not recorded). */
  startedBy?: string;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$/;

/** The trace id of a W3C traceparent (its second dash-separated field); undefined if it is not one. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const id = TRACEPARENT.exec(traceparent?.trim() ?? '')?.[1];
  return id && !/^0+$/.test(id) ? id : undefined;
}

/** The distinct traces of the saga's events, in the order they first appear. */
export function sagaTraces(events: readonly TracedEvent[]): SagaTrace[] {
  const traces = new Map<string, SagaTrace>();
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const traceId = traceIdOf(e.metadata?.traceparent);
    if (!traceId) continue;
    const known = traces.get(traceId);
    if (known) {
      known.events += 1;
      known.lastSeq = e.seq;
    } else {
      traces.set(traceId, {
        traceId,
        events: 1,
        firstSeq: e.seq,
        lastSeq: e.seq,
        ...(e.metadata?.actor ? { startedBy: e.metadata.actor } : {}),
      });
    }
  }
  return [...traces.values()];
}

export interface LogFilters {
  correlationId?: string;
  sagaId?: string;
  traceId?: string;
}

export const LOG_FILTERS = ['correlationId', 'sagaId', 'traceId'] as const;

/** The log search page's path for these filters (`/ops/logs?correlationId=…`). */
export function logSearchPath(filters: LogFilters): string {
  const params = new URLSearchParams();
  for (const name of LOG_FILTERS) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  const search = params.toString();
  return `/ops/logs${search ? `?${search}` : ''}`;
}

/** The filters a query string names (blank ones left out). */
export function logFiltersOf(params: URLSearchParams): LogFilters {
  const filters: LogFilters = {};
  for (const name of LOG_FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}
