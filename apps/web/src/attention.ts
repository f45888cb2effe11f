/**
 * What needs an operator's eye, from the saga listings: open incidents, refused compensations, sagas
 * that stopped moving, sagas turning back, and sagas that failed lately. Pure: `now` is passed in.
 */

export interface Incident {
  step: string;
  phase: 'forward' | 'compensation';
  attempts: number;
  reason: string;
  since: string;
}

/** One saga of `GET /admin/sagas`. */
export interface SagaSummary {
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

export type AttentionKind = 'no-answer' | 'refused' | 'stuck' | 'compensating' | 'failed';

export const ATTENTION_KINDS: { kind: AttentionKind; label: string }[] = [
  { kind: 'no-answer', label: 'No answer (incident)' },
  { kind: 'refused', label: 'Compensation refused' },
  { kind: 'stuck', label: 'Stuck' },
  { kind: 'compensating', label: 'Compensating' },
  { kind: 'failed', label: 'Failed in the last 24 hours' },
];

/** A running saga that has not changed for this long, with no incident, has stopped moving. */
export const STUCK_AFTER_MS = 5 * 60_000;
/** Cancelled and aborted sagas are listed this long after they ended. */
export const FAILED_WITHIN_MS = 24 * 3_600_000;

export interface SagaLists {
  incidents: SagaSummary[];
  refused: SagaSummary[];
  running: SagaSummary[];
  compensating: SagaSummary[];
  /** COMPENSATED and ABORTED sagas, newest first. */
  ended: SagaSummary[];
}

export interface AttentionRow {
  saga: SagaSummary;
  kind: AttentionKind;
  why: string;
  step: string;
  attempts: number | null;
  lastError: string;
  since: string;
}

const age = (iso: string, now: number): number => now - new Date(iso).getTime();

function rowOf(saga: SagaSummary, kind: AttentionKind): AttentionRow {
  const base = {
    saga,
    kind,
    step: saga.step ?? '—',
    attempts: saga.attempt,
    lastError: saga.lastError ?? saga.failure?.reason ?? '',
    since: saga.updatedAt,
  };
  switch (kind) {
    case 'no-answer': {
      const incident = saga.incident as Incident;
      return {
        ...base,
        why: incident.phase === 'compensation' ? 'No answer (compensating)' : 'No answer',
        step: incident.step,
        attempts: saga.attempt ?? incident.attempts,
        lastError: saga.lastError ?? incident.reason,
        since: incident.since,
      };
    }
    case 'refused':
      return { ...base, why: 'Compensation refused' };
    case 'stuck':
      return { ...base, why: 'Stuck: no progress' };
    case 'compensating':
      return { ...base, why: 'Compensating' };
    case 'failed':
      return {
        ...base,
        why:
          saga.status === 'ABORTED' ? 'Aborted' : `Cancelled${saga.failure ? `: ${saga.failure.code}` : ''}`,
      };
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

/** One row per saga, the most urgent reason first: incident, refusal, stuck, compensating, failed lately. */
export function attentionRows(lists: SagaLists, now: number): AttentionRow[] {
  const candidates: [SagaSummary[], AttentionKind, (s: SagaSummary) => boolean][] = [
    [lists.incidents, 'no-answer', (s) => s.incident !== null],
    [lists.refused, 'refused', () => true],
    [lists.running, 'stuck', (s) => age(s.updatedAt, now) >= STUCK_AFTER_MS],
    [lists.compensating, 'compensating', () => true],
    [lists.ended, 'failed', (s) => age(s.updatedAt, now) <= FAILED_WITHIN_MS],
  ];
  const seen = new Set<string>();
  const rows: AttentionRow[] = [];
  for (const [sagas, kind, keep] of candidates) {
    for (const saga of sagas) {
      if (seen.has(saga.id) || !keep(saga)) continue;
      seen.add(saga.id);
      rows.push(rowOf(saga, kind));
    }
  }
  return rows;
}
