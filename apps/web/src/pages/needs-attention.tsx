import { useCallback, useEffect, useState } from 'react';
import { call, describe, get } from '../api';
import { AttentionKind, ATTENTION_KINDS, AttentionRow, attentionRows, SagaSummary } from '../attention';
import { ErrorNotice, Status } from '../ui';
import { actionable, AttentionTable } from './attention-table';

/** The listings the attention list is made of (each the newest 200 of its kind). */
const LISTS = {
  incidents: 'incident=open',
  refused: 'status=COMPENSATION_FAILED',
  running: 'status=RUNNING',
  compensating: 'status=COMPENSATING',
  compensated: 'status=COMPENSATED',
  aborted: 'status=ABORTED',
} as const;
type ListName = keyof typeof LISTS;

async function loadRows(): Promise<AttentionRow[]> {
  const names = Object.keys(LISTS) as ListName[];
  const pages = await Promise.all(
    names.map((n) => get<{ items: SagaSummary[] }>(`/admin/sagas?${LISTS[n]}&limit=200`)),
  );
  const list = Object.fromEntries(names.map((n, i) => [n, pages[i].items])) as Record<
    ListName,
    SagaSummary[]
  >;
  return attentionRows({ ...list, ended: [...list.compensated, ...list.aborted] }, Date.now());
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

/**
 * Sagas an operator should look at — open incidents (a participant does not answer; the saga keeps
 * retrying), refused compensations, sagas with no progress for 5 minutes, compensations under way and
 * failures of the last 24 hours — filtered by why, with bulk retry / skip compensation / abort.
 */
export function NeedsAttention() {
  const [rows, setRows] = useState<AttentionRow[] | null>(null);
  const [kind, setKind] = useState<AttentionKind | 'all'>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ action: string; results: Outcome[] } | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      const next = await loadRows();
      const selectable = new Set(next.filter(actionable).map((r) => r.saga.id));
      setRows(next);
      setSelected((before) => new Set([...before].filter((id) => selectable.has(id))));
    } catch (e) {
      setError(describe(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const select = (ids: string[], on: boolean): void =>
    setSelected((before) => {
      const next = new Set(before);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
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

  const shown = rows?.filter((r) => kind === 'all' || r.kind === kind) ?? null;
  const count = (k: AttentionKind): number => rows?.filter((r) => r.kind === k).length ?? 0;
  return (
    <section aria-labelledby="attention-title" className="panel">
      <h2 id="attention-title">Needs attention{rows && rows.length > 0 ? ` (${rows.length})` : ''}</h2>
      <ErrorNotice error={error} />
      {outcome && <OutcomeNotice action={outcome.action} results={outcome.results} />}
      {!rows && !error && <Status>Loading the sagas that need attention…</Status>}
      {rows?.length === 0 && <p role="status">Nothing needs attention.</p>}
      {rows && rows.length > 0 && shown && (
        <>
          <div className="row" role="group" aria-label="Act on the selected sagas">
            <label htmlFor="attention-kind">Show</label>
            <select
              id="attention-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as AttentionKind | 'all')}
            >
              <option value="all">All ({rows.length})</option>
              {ATTENTION_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label} ({count(k.kind)})
                </option>
              ))}
            </select>
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
          <AttentionTable rows={shown} selected={selected} onSelect={select} />
        </>
      )}
    </section>
  );
}

function OutcomeNotice({ action, results }: { action: string; results: Outcome[] }) {
  const refused = results.filter((r) => !r.ok);
  return (
    <div role="status" className={`notice${refused.length > 0 ? ' warn' : ''}`}>
      <p>
        {action}: {results.length - refused.length} done, {refused.length} not done.
      </p>
      {refused.length > 0 && (
        <ul>
          {refused.map((r) => (
            <li key={r.sagaId}>
              <span className="mono">{r.sagaId}</span>: {r.code} {r.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
