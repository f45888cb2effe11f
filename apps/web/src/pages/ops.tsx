import { FormEvent, useCallback, useEffect, useState } from 'react';
import { call, describe, get } from '../api';
import { Link } from '../router';
import { ErrorNotice, PageTitle, Status, when } from '../ui';
import { LogSearch } from './log-search';
import { NeedsAttention } from './needs-attention';

interface SagaSummary {
  id: string;
  type: string;
  status: string;
  step: string | null;
  failure: { reason: string; code: string } | null;
  updatedAt: string;
}
interface SagaEvent {
  seq: number;
  type: string;
  data: { step?: string; code?: string; reason?: string; by?: string };
  at: string;
}
interface Saga extends SagaSummary {
  correlationId?: string;
  attempt?: number | null;
  lastError?: string | null;
  incident?: { step: string; phase: string; attempts: number; reason: string; since: string } | null;
  data: object;
  events: SagaEvent[];
}

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
      <LogSearch />
    </section>
  );
}

/** One saga: state, the timeline of its events and steps, and the operator actions. */
/** How the timeline marks an event: compensations and failures stand out. */
function eventClass(type: string): string {
  if (type.startsWith('Compensation')) return 'compensation';
  return type.includes('Failed') ? 'failed' : '';
}

export function SagaPage({ sagaId }: { sagaId: string }) {
  const [saga, setSaga] = useState<Saga | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      setSaga(await get<Saga>(`/admin/sagas/${encodeURIComponent(sagaId)}`));
    } catch (e) {
      setError(describe(e));
    }
  }, [sagaId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(action: 'retry-step' | 'compensate' | 'abort' | 'skip-compensation'): Promise<void> {
    if (!window.confirm(`${action} saga ${sagaId}?`)) return;
    setError(null);
    try {
      // The gateway records the signed-in admin as who acted.
      await call('POST', `/admin/sagas/${encodeURIComponent(sagaId)}/${action}`, {});
      setDone(`${action} requested.`);
      await load();
    } catch (e) {
      setError(describe(e));
    }
  }

  if (!saga) return error ? <ErrorNotice error={error} /> : <Status>Loading the saga…</Status>;
  return (
    <section>
      <p>
        <Link to="/ops">← All sagas</Link>
      </p>
      <PageTitle>{`Saga ${saga.type}`}</PageTitle>
      <dl className="facts">
        <dt>Id</dt>
        <dd className="mono">{saga.id}</dd>
        <dt>Status</dt>
        <dd data-testid="saga-status">{saga.status}</dd>
        <dt>Step</dt>
        <dd>{saga.step ?? '—'}</dd>
        {saga.failure && (
          <>
            <dt>Failure</dt>
            <dd>
              {saga.failure.code}: {saga.failure.reason}
            </dd>
          </>
        )}
        {saga.incident && (
          <>
            <dt>Incident</dt>
            <dd data-testid="saga-incident">
              No answer to {saga.incident.phase === 'compensation' ? 'the compensation of ' : ''}step{' '}
              {saga.incident.step} since {when(saga.incident.since)}; it keeps retrying.
            </dd>
          </>
        )}
        {saga.attempt != null && (
          <>
            <dt>Attempt</dt>
            <dd>{saga.attempt}</dd>
          </>
        )}
        {saga.lastError && (
          <>
            <dt>Last error</dt>
            <dd>{saga.lastError}</dd>
          </>
        )}
      </dl>
      <div className="row" role="group" aria-label="Operator actions">
        <button type="button" onClick={() => void act('retry-step')}>
          Retry step
        </button>
        <button type="button" onClick={() => void act('compensate')}>
          Compensate
        </button>
        <button type="button" onClick={() => void act('skip-compensation')}>
          Skip compensation
        </button>
        <button type="button" className="danger" onClick={() => void act('abort')}>
          Abort
        </button>
      </div>
      <ErrorNotice error={error} />
      {done && <Status>{done}</Status>}
      <h2>Timeline</h2>
      <ol className="timeline" data-testid="timeline">
        {saga.events.map((e) => (
          <li key={e.seq} className={`event ${eventClass(e.type)}`}>
            <span className="seq">#{e.seq}</span> <strong>{e.type}</strong>
            {e.data.step && <span> · {e.data.step}</span>}
            {e.data.code && <span> · {e.data.code}</span>}
            {e.data.by && <span> · by {e.data.by}</span>}
            <time dateTime={e.at} className="muted">
              {' '}
              {when(e.at)}
            </time>
          </li>
        ))}
      </ol>
      <LogSearch initial={saga.correlationId ?? ''} sagaId={saga.id} />
    </section>
  );
}
