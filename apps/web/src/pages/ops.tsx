import { FormEvent, useEffect, useState } from 'react';
import { describe, get } from '../api';
import type { SagaSummary } from '../attention';
import { Link } from '../router';
import { ErrorNotice, PageTitle, Status, when } from '../ui';
import { LogSearchForm } from './log-search';
import { NeedsAttention } from './needs-attention';

const STATUSES = [
  '',
  'NEW',
  'RUNNING',
  'COMPENSATING',
  'COMPLETED',
  'COMPENSATED',
  'COMPENSATION_FAILED',
  'ABORTED',
];

/** Operator view: sagas with type and status filters. */
export function OpsPage() {
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const [filters, setFilters] = useState('');
  const [sagas, setSagas] = useState<SagaSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setSagas(null);
    get<{ items: SagaSummary[] }>(`/admin/sagas?limit=50${filters}`)
      .then((p) => setSagas(p.items))
      .catch((e: unknown) => setError(describe(e)));
  }, [filters]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setError(null);
    setFilters(`${type ? `&type=${encodeURIComponent(type)}` : ''}${status ? `&status=${status}` : ''}`);
  };

  return (
    <section>
      <PageTitle>Sagas</PageTitle>
      <NeedsAttention />
      <form className="row" onSubmit={submit} aria-label="Filter sagas">
        <label htmlFor="saga-type">Type</label>
        <input
          id="saga-type"
          value={type}
          onChange={(e) => setType(e.target.value)}
          placeholder="e.g. order"
        />
        <label htmlFor="saga-status">Status</label>
        <select id="saga-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s || 'Any'}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </form>
      <ErrorNotice error={error} />
      {!sagas && !error && <Status>Loading sagas…</Status>}
      {sagas?.length === 0 && <p role="status">No sagas match.</p>}
      {sagas && sagas.length > 0 && (
        <div className="scroll">
          <table>
            <caption className="sr-only">Sagas</caption>
            <thead>
              <tr>
                <th scope="col">Saga</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Step</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {sagas.map((s) => (
                <tr key={s.id}>
                  <td className="mono">
                    <Link to={`/ops/sagas/${encodeURIComponent(s.id)}`}>{s.id.slice(0, 13)}</Link>
                  </td>
                  <td>{s.type}</td>
                  <td>
                    <span className={`badge status-${s.status.toLowerCase()}`}>{s.status}</span>
                  </td>
                  <td>{s.step ?? '—'}</td>
                  <td>{when(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="ops-logs-heading" className="panel">
        <h2 id="ops-logs-heading">Logs</h2>
        <p className="muted">Every service’s log lines of one request, trace or saga.</p>
        <LogSearchForm />
      </section>
    </section>
  );
}
