/**
 * A saga's shape for the ops page: the steps of its definition, each with how far this saga got (state,
 * attempts, timings) going forward and turning back, folded from its event history. Pure: no DOM, no clock.
 */

/** One step as `GET /admin/sagas/:id` describes the definition. */
export interface ShapeStep {
  name: string;
  participant: string;
  /** Who undoes it; null when nothing does (the pivot). */
  compensation: string | null;
}

export interface SagaHistoryEvent {
  seq: number;
  type: string;
  data: { step?: string; participant?: string; attempt?: number; steps?: string[] };
  at: string;
}

export type StepState = 'not-reached' | 'waiting' | 'done' | 'refused' | 'abandoned';
export type UndoState = 'none' | 'planned' | 'undoing' | 'undone' | 'refused' | 'skipped';

/** One phase of a step (forward or its compensation): attempts and timings. */
export interface PhaseRun {
  attempts: number;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
}

export interface StepProgress extends ShapeStep {
  state: StepState;
  run?: PhaseRun;
  undo: UndoState;
  undoRun?: PhaseRun;
  /** An incident is open on this step (a command unanswered past the threshold; retries go on). */
  incident: boolean;
}

const FORWARD_END: Record<string, StepState> = { StepSucceeded: 'done', StepFailed: 'refused' };
const UNDO_END: Record<string, UndoState> = {
  CompensationSucceeded: 'undone',
  CompensationFailed: 'refused',
  CompensationSkipped: 'skipped',
};

function issued(run: PhaseRun | undefined, e: SagaHistoryEvent): PhaseRun {
  return run
    ? { ...run, attempts: Math.max(run.attempts, e.data.attempt ?? 1) }
    : { attempts: e.data.attempt ?? 1, startedAt: e.at };
}

function ended(run: PhaseRun | undefined, at: string): PhaseRun {
  const start = run?.startedAt ?? at;
  return {
    attempts: run?.attempts ?? 0,
    startedAt: start,
    endedAt: at,
    durationMs: new Date(at).getTime() - new Date(start).getTime(),
  };
}

function stepOf(steps: StepProgress[], name: string, participant = ''): StepProgress {
  const known = steps.find((s) => s.name === name);
  if (known) return known;
  // A step the definition does not list (the definition is unknown here): shown in the order it came.
  const added: StepProgress = {
    name,
    participant,
    compensation: null,
    state: 'not-reached',
    undo: 'none',
    incident: false,
  };
  steps.push(added);
  return added;
}

/** Folds one event into the steps (mutating the working copies made by `sagaProgress`). */
function apply(steps: StepProgress[], e: SagaHistoryEvent): void {
  if (e.type === 'CompensationStarted') {
    for (const name of e.data.steps ?? []) stepOf(steps, name).undo = 'planned';
    return;
  }
  const name = e.data.step;
  if (!name) return;
  const step = stepOf(steps, name, e.data.participant);
  if (e.type === 'StepCommandIssued') {
    step.run = issued(step.run, e);
    step.state = 'waiting';
  } else if (FORWARD_END[e.type]) {
    step.run = ended(step.run, e.at);
    step.state = FORWARD_END[e.type];
  } else if (e.type === 'CompensationCommandIssued') {
    step.undoRun = issued(step.undoRun, e);
    step.undo = 'undoing';
  } else if (UNDO_END[e.type]) {
    step.undoRun = ended(step.undoRun, e.at);
    step.undo = UNDO_END[e.type];
  } else if (e.type === 'IncidentRaised') {
    step.incident = true;
  } else if (e.type === 'IncidentResolved') {
    step.incident = false;
  }
}

/**
 * Every step of the plan with this saga's progress. A forward step still `waiting` once the saga no longer
 * waits for it (it turned back, or was aborted) reads `abandoned`: its answer never came.
 */
export function sagaProgress(
  shape: ShapeStep[] | null,
  events: SagaHistoryEvent[],
  saga: { status: string; step: string | null },
): StepProgress[] {
  const steps: StepProgress[] = (shape ?? []).map((s) => ({
    ...s,
    state: 'not-reached',
    undo: 'none',
    incident: false,
  }));
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) apply(steps, e);
  const awaited = saga.status === 'RUNNING' ? saga.step : null;
  for (const s of steps) if (s.state === 'waiting' && s.name !== awaited) s.state = 'abandoned';
  return steps;
}

/** "850 ms", "12.4 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
