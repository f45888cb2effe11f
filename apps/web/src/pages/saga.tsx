import { useCallback, useEffect, useState } from 'react';
import { call, describe, get } from '../api';
import type { SagaSummary } from '../attention';
import { Link } from '../router';
import type { SagaHistoryEvent, ShapeStep } from '../saga-shape';
import type { EventOrigin } from '../saga-traces';
import { ErrorNotice, PageTitle, Status, when } from '../ui';
import { SagaLinks } from './saga-links';
import { SagaShapeView } from './saga-shape-view';

interface SagaEvent extends SagaHistoryEvent {
  data: SagaHistoryEvent['data'] & { code?: string; reason?: string; by?: string };
  /** What caused it (input, actor, trace context); absent from older answers. */
  metadata?: EventOrigin;
}

/** `GET /admin/sagas/:id`: the saga, the shape of its definition and its history. */
interface Saga extends SagaSummary {
  correlationId?: string;
  data: object;
  shape: { version: number; steps: ShapeStep[] } | null;
  events: SagaEvent[];
}

/** How the timeline marks an event: compensations and failures stand out. */
function eventClass(type: string): string {
  if (type.startsWith('Compensation')) return 'compensation';
  return type.includes('Failed') ? 'failed' : '';
}

/**
 * One saga: state, its shape (steps with their attempts and timings), links to its logs and traces, the
 * timeline of its events, the operator actions.
 */
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
      <SagaShapeView saga={saga} />
      <SagaLinks saga={saga} />
      <h2>Timeline</h2>
      <ol className="timeline" data-testid="timeline">
        {saga.events.map((e) => (
          <li key={e.seq} className={`event ${eventClass(e.type)}`}>
            <span className="seq">#{e.seq}</span> <strong>{e.type}</strong>
            {e.data.step && <span> · {e.data.step}</span>}
            {e.data.attempt !== undefined && <span> · attempt {e.data.attempt}</span>}
            {e.data.code && <span> · {e.data.code}</span>}
            {e.data.by && <span> · by {e.data.by}</span>}
            <time dateTime={e.at} className="muted">
              {' '}
              {when(e.at)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
