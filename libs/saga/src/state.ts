/**
 * Saga state is a left fold of its events: `events.reduce(evolve, initialSagaState())`.
 * `evolve` is total and pure; it never consults the definition.
 */
import { SagaMessage } from './definition';
import { SagaEvent } from './events';

export type SagaStatus =
  'NEW' | 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'COMPENSATION_FAILED' | 'ABORTED';

export const TERMINAL_STATUSES: readonly SagaStatus[] = [
  'COMPLETED',
  'COMPENSATED',
  'COMPENSATION_FAILED',
  'ABORTED',
];

/** The command the saga is waiting on (forward step or compensation). */
export interface OutstandingCommand {
  readonly phase: 'forward' | 'compensation';
  readonly step: string;
  readonly participant: string;
  /** Stable across retries of the same step (participants de-duplicate on it). */
  readonly commandId: string;
  readonly command: SagaMessage;
  readonly attempt: number;
  /** reply: sent, deadline pending; retry: waiting for the backoff timer; operator: COMPENSATION_FAILED. */
  readonly awaiting: 'reply' | 'retry' | 'operator';
  /** The step's business deadline (forward steps that declare one). */
  readonly deadlineAt?: number;
  /** Why the last attempt did not complete (a timeout, a failure reply). */
  readonly lastError?: string;
}

/** An open incident: a command that has gone unanswered for a while (the saga keeps trying). */
export interface OpenIncident {
  readonly step: string;
  readonly phase: 'forward' | 'compensation';
  readonly commandId: string;
  readonly attempts: number;
  readonly reason: string;
  readonly raisedAt: number;
}

/** At most one timer is pending per saga: the reply deadline or the retry delay. */
export interface PendingTimer {
  readonly timerId: string;
  readonly at: number;
  readonly purpose: 'deadline' | 'retry';
}

export interface SagaState {
  readonly status: SagaStatus;
  readonly sagaId: string;
  readonly sagaType: string;
  /** Definition version the saga was started with (and finishes on). */
  readonly version: number;
  readonly correlationId: string;
  readonly data: object;
  /** Index of the forward step in progress (= steps.length once all completed). */
  readonly stepIndex: number;
  /** Forward command id of every step issued so far (for compensation builders). */
  readonly forwardCommandIds: Readonly<Record<string, string>>;
  /** Completed forward steps, in completion order. */
  readonly completedSteps: readonly string[];
  /** Steps still to compensate, head first (the head is the one in progress). */
  readonly compensationPlan: readonly string[];
  readonly compensatedSteps: readonly string[];
  readonly outstanding: OutstandingCommand | null;
  readonly timer: PendingTimer | null;
  /** Why the saga turned back or stopped. */
  readonly failure: { readonly reason: string; readonly code: string } | null;
  /** Set while COMPENSATION_FAILED. */
  readonly compensationError: { readonly step: string; readonly reason: string } | null;
  /** Set while a command has gone unanswered past its policy's incident threshold. */
  readonly incident: OpenIncident | null;
  /** Compensation command id of every step whose compensation was issued (to recognise late replies). */
  readonly compensationCommandIds: Readonly<Record<string, string>>;
  /** Command ids whose outcome is already recorded (to tell duplicates from stale replies). */
  readonly settledCommandIds: readonly string[];
  /** Number of events folded: the expected stream version for an optimistic append. */
  readonly seq: number;
}

export function initialSagaState(): SagaState {
  return {
    status: 'NEW',
    sagaId: '',
    sagaType: '',
    version: 0,
    correlationId: '',
    data: {},
    stepIndex: 0,
    forwardCommandIds: {},
    completedSteps: [],
    compensationPlan: [],
    compensatedSteps: [],
    outstanding: null,
    timer: null,
    failure: null,
    compensationError: null,
    incident: null,
    compensationCommandIds: {},
    settledCommandIds: [],
    seq: 0,
  };
}

export function isTerminal(status: SagaStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Timer ids are derived from the saga id and the position of the event that set them. */
export function timerIdFor(sagaId: string, seq: number): string {
  return `${sagaId}/timer/${seq}`;
}

const settled = (state: SagaState, commandId: string): readonly string[] =>
  state.settledCommandIds.includes(commandId)
    ? state.settledCommandIds
    : [...state.settledCommandIds, commandId];

export function evolve(current: SagaState, event: SagaEvent): SagaState {
  const seq = current.seq + 1;
  const state: SagaState = { ...current, seq };
  switch (event.type) {
    case 'SagaStarted': {
      const { sagaId, sagaType, version, data, correlationId } = event.data;
      return { ...state, status: 'RUNNING', sagaId, sagaType, version, data, correlationId, stepIndex: 0 };
    }
    case 'StepCommandIssued':
    case 'CompensationCommandIssued': {
      const { step, participant, commandId, command, attempt, dueAt } = event.data;
      const forward = event.type === 'StepCommandIssued';
      const deadlineAt = forward ? event.data.deadlineAt : undefined;
      // A re-send of the same command keeps why the previous attempt did not complete.
      const lastError = state.outstanding?.commandId === commandId ? state.outstanding.lastError : undefined;
      return {
        ...state,
        forwardCommandIds: forward
          ? { ...state.forwardCommandIds, [step]: commandId }
          : state.forwardCommandIds,
        compensationCommandIds: forward
          ? state.compensationCommandIds
          : { ...state.compensationCommandIds, [step]: commandId },
        outstanding: {
          phase: forward ? 'forward' : 'compensation',
          step,
          participant,
          commandId,
          command,
          attempt,
          awaiting: 'reply',
          ...(deadlineAt !== undefined ? { deadlineAt } : {}),
          ...(lastError !== undefined ? { lastError } : {}),
        },
        timer: { timerId: timerIdFor(state.sagaId, seq), at: dueAt, purpose: 'deadline' },
      };
    }
    case 'StepSucceeded':
      return {
        ...state,
        data: event.data.data,
        stepIndex: state.stepIndex + 1,
        completedSteps: [...state.completedSteps, event.data.step],
        settledCommandIds: settled(state, event.data.commandId),
        outstanding: null,
        timer: null,
      };
    case 'StepFailed':
      return {
        ...state,
        settledCommandIds: settled(state, event.data.commandId),
        outstanding: null,
        timer: null,
      };
    case 'StepTimedOut':
      return {
        ...state,
        outstanding: state.outstanding && {
          ...state.outstanding,
          lastError: 'no reply before the attempt timed out',
        },
        timer: null,
      };
    case 'CompensationAttemptFailed':
      return {
        ...state,
        outstanding: state.outstanding && { ...state.outstanding, lastError: event.data.reason },
        timer: null,
      };
    case 'StepRetryScheduled':
    case 'CompensationRetryScheduled':
      return {
        ...state,
        outstanding: state.outstanding && {
          ...state.outstanding,
          attempt: event.data.attempt,
          awaiting: 'retry',
        },
        timer: { timerId: timerIdFor(state.sagaId, seq), at: event.data.at, purpose: 'retry' },
      };
    case 'CompensationStarted':
      return {
        ...state,
        status: 'COMPENSATING',
        failure: { reason: event.data.reason, code: event.data.code },
        compensationPlan: event.data.steps,
        outstanding: null,
        timer: null,
      };
    case 'CompensationSucceeded':
      return {
        ...state,
        compensationPlan: state.compensationPlan.filter((s) => s !== event.data.step),
        compensatedSteps: [...state.compensatedSteps, event.data.step],
        settledCommandIds: settled(state, event.data.commandId),
        outstanding: null,
        timer: null,
      };
    case 'CompensationFailed':
      return {
        ...state,
        status: 'COMPENSATION_FAILED',
        compensationError: { step: event.data.step, reason: event.data.reason },
        outstanding: state.outstanding && {
          ...state.outstanding,
          awaiting: 'operator',
          lastError: event.data.reason,
        },
        timer: null,
      };
    case 'CompensationSkipped':
      return {
        ...state,
        status: 'COMPENSATING',
        compensationPlan: state.compensationPlan.filter((s) => s !== event.data.step),
        compensationError: null,
        outstanding: null,
        timer: null,
      };
    case 'IncidentRaised': {
      const { step, phase, commandId, attempts, reason, at } = event.data;
      return { ...state, incident: { step, phase, commandId, attempts, reason, raisedAt: at } };
    }
    case 'IncidentResolved':
      return { ...state, incident: null };
    case 'LateReplyRecorded':
      return { ...state, settledCommandIds: settled(state, event.data.commandId) };
    case 'SagaCompleted':
      return { ...state, status: 'COMPLETED', outstanding: null, timer: null };
    case 'SagaCompensated':
      return { ...state, status: 'COMPENSATED', compensationPlan: [], outstanding: null, timer: null };
    case 'SagaAborted':
      return {
        ...state,
        status: 'ABORTED',
        failure: { reason: event.data.reason, code: 'SAGA.ABORTED' },
        outstanding: null,
        timer: null,
      };
    case 'OperatorRetryRequested':
      return state.status === 'COMPENSATION_FAILED'
        ? { ...state, status: 'COMPENSATING', compensationError: null }
        : state;
    case 'OperatorCompensateRequested':
    case 'OperatorAbortRequested':
    case 'OperatorSkipRequested':
      return state;
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

/** Rebuilds the state from the stored stream (on load, and to rebuild the `sagas` projection). */
export function rehydrate(events: readonly SagaEvent[]): SagaState {
  return events.reduce(evolve, initialSagaState());
}
