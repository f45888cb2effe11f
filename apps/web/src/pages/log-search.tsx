import { FormEvent, useEffect, useState } from 'react';
import { describe, get } from '../api';
import { Link, navigate, useQuery } from '../router';
import { LOG_FILTERS, LogFilters, logFiltersOf, logSearchPath } from '../saga-traces';
import { ErrorNotice, PageTitle, Status, when } from '../ui';

interface LogLine {
  '@timestamp': string;
  service: string;
  level: string;
  message: string;
  correlationId?: string;
  sagaId?: string;
  traceId?: string;
}

const LABELS: Record<(typeof LOG_FILTERS)[number], string> = {
  correlationId: 'Correlation id',
  traceId: 'Trace id',
  sagaId: 'Saga id',
};

/** How far back the page searches (GET /admin/logs answers the last 24 h unless told). */
const SINCE = '7d';

/**
 * The log search form (correlation, trace or saga id): it opens the log search page with those filters in
 * its address, so a search can be linked to, and Back returns to the previous one.
 */
export function LogSearchForm({ initial = {} }: { initial?: LogFilters }) {
  const [filters, setFilters] = useState<LogFilters>(initial);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent): void {
    e.preventDefault();
    const path = logSearchPath(filters);
    if (path === logSearchPath({})) {
      setError('Give a correlation id, a trace id or a saga id.');
      return;
    }
    setError(null);
    navigate(path);
  }

  return (
    <form className="controls" onSubmit={submit} aria-label="Search logs">
      {LOG_FILTERS.map((name) => (
        <div className="control" key={name}>
          <label htmlFor={`log-${name}`}>{LABELS[name]}</label>
          <input
            id={`log-${name}`}
            className="mono"
            value={filters[name] ?? ''}
            onChange={(e) => setFilters({ ...filters, [name]: e.target.value })}
          />
        </div>
      ))}
      <button type="submit">Search logs</button>
      <ErrorNotice error={error} />
    </form>
  );
}

/** What the search looked for, in words: "correlation id c-9 and trace id 4bf9…". */
function described(filters: LogFilters): string {
  return LOG_FILTERS.filter((name) => filters[name])
    .map((name) => `${LABELS[name].toLowerCase()} ${filters[name]}`)
    .join(' and ');
}

/**
 * `/ops/logs?correlationId=&traceId=&sagaId=`: every service's log lines (OpenSearch, through GET
 * /admin/logs) matching the filters in the address, searched as soon as the page opens. A trace is shown
 * this way too: no trace viewer runs with this stack, so a trace's log lines in time order stand for it.
 */
export function LogSearchPage() {
  const query = useQuery();
  const filters = logFiltersOf(query);
  const key = logSearchPath(filters);
  const [lines, setLines] = useState<{ key: string; items: LogLine[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    const search = key.split('?')[1];
    if (!search) return;
    let current = true;
    get<{ items: LogLine[] }>(`/admin/logs?${search}&since=${SINCE}`)
      .then((r) => current && setLines({ key, items: r.items }))
      .catch((e: unknown) => current && setError(describe(e)));
    return () => {
      current = false;
    };
  }, [key]);

  const searched = key.includes('?');
  const found = lines?.key === key ? lines.items : null;
  return (
    <section>
      <p>
        <Link to="/ops">← All sagas</Link>
      </p>
      <PageTitle>{filters.traceId && !filters.correlationId ? 'Trace' : 'Logs'}</PageTitle>
      {filters.traceId && (
        <p className="muted">
          No trace viewer runs with this stack: a trace is shown as its log lines, every service’s, in time
          order.
        </p>
      )}
      <LogSearchForm key={key} initial={filters} />
      <section aria-labelledby="log-lines-heading">
        <h2 id="log-lines-heading">Log lines</h2>
        {!searched && <p>Give a correlation id, a trace id or a saga id to see its log lines.</p>}
        <ErrorNotice error={error} />
        {searched && !found && !error && <Status>Searching the logs…</Status>}
        {found && (
          <p role="status" data-testid="log-count">
            {found.length === 0
              ? `No log lines with ${described(filters)} in the last 7 days.`
              : `${found.length} log line${found.length === 1 ? '' : 's'} with ${described(filters)}, oldest first.`}
          </p>
        )}
        {found && found.length > 0 && (
          <ol className="logs" data-testid="log-lines">
            {found.map((l, i) => (
              <li key={i} className={`log-line level-${l.level}`}>
                <time dateTime={l['@timestamp']} className="muted">
                  {when(l['@timestamp'])}
                </time>{' '}
                <strong>{l.service}</strong> <span className="badge">{l.level}</span>{' '}
                <span className="mono">{l.message}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}
