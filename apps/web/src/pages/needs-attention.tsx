import { useCallback, useEffect, useState } from 'react';
import { call, describe, get } from '../api';
import { Link } from '../router';
import { ErrorNotice, Status, when } from '../ui';

interface Incident {
  step: string;
  phase: 'forward' | 'compensation';
  attempts: number;
  reason: string;
  since: string;
}

interface SagaSummary {
  id: string;
  type: string;
  status: string;
  step: string | null;
  failure: { reason: string; code: string } | null;
  attempt: number | null;
  lastError: string | null;
  incident: Incident | null;
  updatedAt: string;
}

interface Outcome {
  sagaId: string;
  ok: boolean;
  status?: string;
  code?: string;
  message?: string;
}

type BulkAction = 'retry-step' | 'skip-compensation' | 'abort';

const ACTIONS: { action: BulkAction; label: string; danger?: boolean }[] = [
  { action: 'retry-step', label: 'Retry selected' },
  { action: 'skip-compensation', label: 'Skip compensation of selected' },
  { action: 'abort', label: 'Abort selected', danger: true },
];

/** One row per saga: an open incident (no answer, retries go on) or COMPENSATION_FAILED (a refusal). */
function attentionRow(s: SagaSummary) {
  if (s.incident) {
    return {
      why: s.incident.phase === 'compensation' ? 'No answer (compensating)' : 'No answer',
      step: s.incident.step,
      attempts: s.attempt ?? s.incident.attempts,
      lastError: s.lastError ?? s.incident.reason,
      since: s.incident.since,
    };
  }
  return {
    why: 'Compensation refused',
    step: s.step ?? '—',
    attempts: s.attempt,
    lastError: s.lastError ?? s.failure?.reason ?? '',
    since: s.updatedAt,
  };
}

/**
 * Sagas an operator should look at: open incidents (a participant does not answer; the saga keeps
 * retrying) and COMPENSATION_FAILED ones, with bulk retry / skip compensation / abort.
 */
export function NeedsAttention() {
  const [sagas, setSagas] = useState<SagaSummary[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ action: string; results: Outcome[] } | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      const [incidents, refused] = await Promise.all([
        get<{ items: SagaSummary[] }>('/admin/sagas?incident=open&limit=200'),
        get<{ items: SagaSummary[] }>('/admin/sagas?status=COMPENSATION_FAILED&limit=200'),
      ]);
      const byId = new Map([...incidents.items, ...refused.items].map((s) => [s.id, s]));
      setSagas([...byId.values()]);
      setSelected((before) => new Set([...before].filter((id) => byId.has(id))));
    } catch (e) {
      setError(describe(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = (id: string, on: boolean): void =>
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function act(action: BulkAction, label: string): Promise<void> {
    const ids = [...selected];
    if (ids.length === 0 || !window.confirm(`${label}: ${ids.length} saga(s)?`)) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const answer = await call<{ results: Outcome[] }>('POST', `/admin/sagas/actions/${action}`, {
        ids,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setOutcome({ action: label, results: answer.body.results });
      setSelected(new Set());
      await load();
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  }

  const refusedResults = outcome?.results.filter((r) => !r.ok) ?? [];
  const allSelected = Boolean(sagas && sagas.length > 0 && sagas.every((s) => selected.has(s.id)));
  return (
    <section aria-labelledby="attention-title" className="panel">
      <h2 id="attention-title">Needs attention{sagas && sagas.length > 0 ? ` (${sagas.length})` : ''}</h2>
      <ErrorNotice error={error} />
      {outcome && (
        <div role="status" className={`notice${refusedResults.length > 0 ? ' warn' : ''}`}>
          <p>
            {outcome.action}: {outcome.results.length - refusedResults.length} done, {refusedResults.length}{' '}
            not done.
          </p>
          {refusedResults.length > 0 && (
            <ul>
              {refusedResults.map((r) => (
                <li key={r.sagaId}>
                  <span className="mono">{r.sagaId}</span>: {r.code} {r.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!sagas && !error && <Status>Loading the sagas that need attention…</Status>}
      {sagas?.length === 0 && <p role="status">Nothing needs attention.</p>}
      {sagas && sagas.length > 0 && (
        <>
          <div className="row" role="group" aria-label="Act on the selected sagas">
            <label htmlFor="attention-reason">Reason</label>
            <input
              id="attention-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              placeholder="recorded with the action"
            />
            {ACTIONS.map(({ action, label, danger }) => (
              <button
                key={action}
                type="button"
                className={danger ? 'danger' : undefined}
                disabled={busy || selected.size === 0}
                onClick={() => void act(action, label)}
              >
                {label}
              </button>
            ))}
            <button type="button" disabled={busy} onClick={() => void load()}>
              Refresh
            </button>
          </div>
          <p className="muted">{selected.size} selected</p>
          <div className="scroll">
            <table data-testid="needs-attention">
              <caption className="sr-only">Sagas with an open incident or a refused compensation</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select every saga that needs attention"
                      checked={allSelected}
                      onChange={(e) =>
                        setSelected(e.target.checked ? new Set(sagas.map((s) => s.id)) : new Set())
                      }
                    />
                  </th>
                  <th scope="col">Saga</th>
                  <th scope="col">Type</th>
                  <th scope="col">Why</th>
                  <th scope="col">Step</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {sagas.map((s) => {
                  const row = attentionRow(s);
                  const short = `${s.id.slice(0, 8)}…`;
                  return (
                    <tr key={s.id}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select saga ${s.id}`}
                          checked={selected.has(s.id)}
                          onChange={(e) => toggle(s.id, e.target.checked)}
                        />
                      </td>
                      <td className="mono nowrap">
                        <Link to={`/ops/sagas/${encodeURIComponent(s.id)}`} title={s.id}>
                          {short}
                        </Link>
                      </td>
                      <td>{s.type}</td>
                      <td>
                        <span className={`badge status-${s.status.toLowerCase()}`}>{row.why}</span>
                      </td>
                      <td>{row.step}</td>
                      <td>{row.attempts ?? '—'}</td>
                      <td>{row.lastError || '—'}</td>
                      <td>{when(row.since)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
