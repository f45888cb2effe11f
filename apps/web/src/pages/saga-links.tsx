import { Link } from '../router';
import { logSearchPath, SagaTrace, sagaTraces, TracedEvent } from '../saga-traces';

const STARTED_BY: Record<string, string> = {
  http: 'an HTTP request',
  reply: 'a participant’s reply',
  timer: 'a timer',
  operator: 'an operator',
};

function traceText(t: SagaTrace): string {
  const events =
    t.events === 1 ? `event #${t.firstSeq}` : `${t.events} events, #${t.firstSeq} to #${t.lastSeq}`;
  const by = t.startedBy ? `, the first caused by ${STARTED_BY[t.startedBy] ?? t.startedBy}` : '';
  return `${events}${by}`;
}

/**
 * Links from a saga to its logs (the log search on its correlation id: every service's lines of the
 * requests and messages it carried) and to its traces (each trace its events were decided in). No trace
 * viewer runs with this stack, so a trace opens the log search on that trace id.
 */
export function SagaLinks({
  saga,
}: {
  saga: { id: string; correlationId?: string; events: readonly TracedEvent[] };
}) {
  const traces = sagaTraces(saga.events);
  return (
    <section aria-labelledby="saga-links-heading" className="panel" data-testid="saga-links">
      <h2 id="saga-links-heading">Logs and traces</h2>
      <p>
        {saga.correlationId ? (
          <>
            <Link to={logSearchPath({ correlationId: saga.correlationId })}>Logs of this saga</Link>: every
            service’s lines with its correlation id <span className="mono">{saga.correlationId}</span>.
          </>
        ) : (
          <>
            <Link to={logSearchPath({ sagaId: saga.id })}>Logs of this saga</Link>: the lines that name its
            id.
          </>
        )}
      </p>
      <h3>Traces</h3>
      {traces.length === 0 ? (
        <p className="muted">
          Its events kept no trace context (they were recorded before traces were kept).
        </p>
      ) : (
        <>
          <p className="muted">
            The traces its events were decided in. No trace viewer runs with this stack: a trace opens its log
            lines, every service’s, in time order.
          </p>
          <ul className="list" data-testid="saga-traces">
            {traces.map((t) => (
              <li key={t.traceId}>
                <Link to={logSearchPath({ traceId: t.traceId })}>
                  Logs of trace <span className="mono nowrap">{t.traceId.slice(0, 8)}…</span>
                </Link>{' '}
                <span className="muted">({traceText(t)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
