/**
 * Side effects for the adapters, derived purely from the state before a decision and the events
 * it produced. The orchestrator appends the events, writes `send` effects to its outbox and
 * applies timer effects to its timers table, all in one transaction.
 */
import { SagaMessage } from './definition';
import { SagaEvent } from './events';
import { evolve, SagaState } from './state';

/** Write this command to the outbox (topic `<participant>.commands`). */
export interface SendCommand {
  readonly kind: 'send';
  readonly sagaId: string;
  readonly sagaType: string;
  readonly correlationId: string;
  readonly phase: 'forward' | 'compensation';
  readonly step: string;
  readonly participant: string;
  /** Stable across attempts: the participant's de-duplication key; replies quote it. */
  readonly commandId: string;
  readonly attempt: number;
  readonly command: SagaMessage;
}

/** Upsert a timer row; when due, feed `TimerFired { timerId }` back into the engine. */
export interface ScheduleTimer {
  readonly kind: 'schedule';
  readonly sagaId: string;
  readonly timerId: string;
  readonly at: number;
}

export interface CancelTimer {
  readonly kind: 'cancelTimer';
  readonly sagaId: string;
  readonly timerId: string;
}

/** A participant refused a compensation: page someone (the saga waits in COMPENSATION_FAILED). */
export interface RaiseAlert {
  readonly kind: 'alert';
  readonly sagaId: string;
  readonly sagaType: string;
  readonly correlationId: string;
  readonly step: string;
  readonly reason: string;
}

/** An incident opened or closed: tell ops (admins' notifications, the ops page, metrics). */
export interface IncidentChanged {
  readonly kind: 'incident';
  readonly change: 'raised' | 'resolved';
  readonly sagaId: string;
  readonly sagaType: string;
  readonly correlationId: string;
  readonly step: string;
  readonly commandId: string;
  /** Attempts so far (raised) and the last error; the resolution when resolved. */
  readonly attempts?: number;
  readonly reason: string;
}

export type SagaEffect = SendCommand | ScheduleTimer | CancelTimer | RaiseAlert | IncidentChanged;

function effectsOfEvent(after: SagaState, event: SagaEvent): SagaEffect[] {
  const { sagaId, sagaType, correlationId } = after;
  switch (event.type) {
    case 'StepCommandIssued':
    case 'CompensationCommandIssued': {
      const { step, participant, commandId, attempt, command } = event.data;
      const phase = event.type === 'StepCommandIssued' ? 'forward' : 'compensation';
      return [
        {
          kind: 'send',
          sagaId,
          sagaType,
          correlationId,
          phase,
          step,
          participant,
          commandId,
          attempt,
          command,
        },
      ];
    }
    case 'CompensationFailed':
      return [
        { kind: 'alert', sagaId, sagaType, correlationId, step: event.data.step, reason: event.data.reason },
      ];
    case 'IncidentRaised': {
      const { step, commandId, attempts, reason } = event.data;
      return [
        {
          kind: 'incident',
          change: 'raised',
          sagaId,
          sagaType,
          correlationId,
          step,
          commandId,
          attempts,
          reason,
        },
      ];
    }
    case 'IncidentResolved': {
      const { step, commandId, resolution } = event.data;
      return [
        {
          kind: 'incident',
          change: 'resolved',
          sagaId,
          sagaType,
          correlationId,
          step,
          commandId,
          reason: resolution,
        },
      ];
    }
    case 'SagaStarted':
    case 'StepSucceeded':
    case 'StepFailed':
    case 'StepTimedOut':
    case 'StepRetryScheduled':
    case 'CompensationStarted':
    case 'CompensationSucceeded':
    case 'CompensationAttemptFailed':
    case 'CompensationRetryScheduled':
    case 'CompensationSkipped':
    case 'LateReplyRecorded':
    case 'OperatorSkipRequested':
    case 'SagaCompleted':
    case 'SagaCompensated':
    case 'SagaAborted':
    case 'OperatorRetryRequested':
    case 'OperatorCompensateRequested':
    case 'OperatorAbortRequested':
      return [];
    default: {
      const _exhaustive: never = event;
      return [];
    }
  }
}

/**
 * Effects of appending `events` to a saga in state `before`: one `send` per issued command, one
 * `alert` per CompensationFailed, and the net timer change (cancel the old timer, schedule the new).
 */
export function effectsOf(before: SagaState, events: readonly SagaEvent[]): SagaEffect[] {
  const effects: SagaEffect[] = [];
  let state = before;
  for (const event of events) {
    state = evolve(state, event);
    effects.push(...effectsOfEvent(state, event));
  }
  const oldTimer = before.timer;
  const newTimer = state.timer;
  const timerEffects: SagaEffect[] = [];
  if (oldTimer && oldTimer.timerId !== newTimer?.timerId) {
    timerEffects.push({ kind: 'cancelTimer', sagaId: state.sagaId, timerId: oldTimer.timerId });
  }
  if (newTimer && newTimer.timerId !== oldTimer?.timerId) {
    timerEffects.push({ kind: 'schedule', sagaId: state.sagaId, timerId: newTimer.timerId, at: newTimer.at });
  }
  return [...timerEffects, ...effects];
}
