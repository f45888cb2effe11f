/**
 * The decider: `decide(state, input, definition, env)` → the events to append and the effects to
 * perform in the same transaction, or the reason the input is ignored. Never throws on any input;
 * duplicate, stale and late messages are ignored with a reason.
 */
import { findStep, SagaDefinition } from './definition';
import { effectsOf, SagaEffect } from './effects';
import { SagaEvent } from './events';
import {
  AbortSaga,
  CompensateSaga,
  ReplyReceived,
  RetryStep,
  SagaInput,
  SkipCompensation,
  StartSaga,
  TimerFired,
} from './inputs';
import { evolve, isTerminal, SagaState } from './state';
import {
  compensationAttemptFailed,
  continueCompensation,
  DecideEnv,
  FailureCodes,
  issueStep,
  reissue,
  startCompensation,
  stepTimedOut,
} from './transitions';

export type IgnoreCode =
  | 'ALREADY_STARTED'
  | 'NOT_STARTED'
  | 'SAGA_TERMINAL'
  | 'DEFINITION_MISMATCH'
  | 'UNKNOWN_DEFINITION'
  | 'UNKNOWN_STEP'
  | 'DUPLICATE_REPLY'
  | 'STALE_REPLY'
  | 'STEP_MISMATCH'
  | 'UNEXPECTED_REPLY_TYPE'
  | 'OUTCOME_MISMATCH'
  | 'STALE_TIMER'
  | 'TIMER_NOT_DUE'
  | 'NOTHING_TO_RETRY'
  | 'ALREADY_COMPENSATING'
  | 'NOTHING_TO_SKIP'
  | 'UNKNOWN_INPUT';

export interface Decided {
  readonly kind: 'decided';
  readonly events: readonly SagaEvent[];
  readonly effects: readonly SagaEffect[];
  /** The state after the events, handy for the `sagas` projection. */
  readonly state: SagaState;
}

export interface Ignored {
  readonly kind: 'ignored';
  readonly code: IgnoreCode;
  readonly reason: string;
}

export type Decision = Decided | Ignored;

export const ignored = (code: IgnoreCode, reason: string): Ignored => ({ kind: 'ignored', code, reason });

/** How the event that settles (or abandons) the outstanding command resolves its open incident. */
const RESOLUTION: Partial<Record<SagaEvent['type'], 'answered' | 'refused' | 'operator' | 'deadline'>> = {
  StepSucceeded: 'answered',
  StepFailed: 'answered',
  CompensationSucceeded: 'answered',
  CompensationFailed: 'refused',
  StepTimedOut: 'deadline',
  OperatorAbortRequested: 'operator',
  OperatorCompensateRequested: 'operator',
  OperatorSkipRequested: 'operator',
};

/**
 * An open incident is closed by the decision that stops waiting for its command: IncidentResolved is
 * placed right after the event that settled or abandoned the command.
 */
function closingIncident(before: SagaState, events: readonly SagaEvent[], now: number): readonly SagaEvent[] {
  const incident = before.incident;
  if (!incident || events.some((e) => e.type === 'IncidentResolved')) return events;
  const after = events.reduce(evolve, before);
  if (after.outstanding?.commandId === incident.commandId && after.status !== 'COMPENSATION_FAILED')
    return events;
  const at = Math.max(
    0,
    events.findIndex((e) => RESOLUTION[e.type] !== undefined),
  );
  const resolution = RESOLUTION[events[at]?.type ?? 'SagaCompleted'] ?? 'ended';
  const resolved: SagaEvent = {
    type: 'IncidentResolved',
    data: { step: incident.step, commandId: incident.commandId, resolution, at: now },
  };
  return [...events.slice(0, at + 1), resolved, ...events.slice(at + 1)];
}

function decided(before: SagaState, proposed: readonly SagaEvent[], now: number): Decided {
  const events = closingIncident(before, proposed, now);
  return {
    kind: 'decided',
    events,
    effects: effectsOf(before, events),
    state: events.reduce(evolve, before),
  };
}

function start(state: SagaState, input: StartSaga, definition: SagaDefinition, env: DecideEnv): Decision {
  if (state.status !== 'NEW') return ignored('ALREADY_STARTED', `saga ${state.sagaId} already started`);
  const { sagaId, sagaType, data, correlationId, now } = input.data;
  if (sagaType !== definition.type) {
    return ignored('DEFINITION_MISMATCH', `start of ${sagaType} given definition ${definition.type}`);
  }
  const [first] = definition.steps;
  if (first === undefined)
    return ignored('UNKNOWN_STEP', `${definition.type} v${definition.version} has no steps`);
  const started: SagaEvent = {
    type: 'SagaStarted',
    data: { sagaId, sagaType, version: definition.version, data, correlationId, startedAt: now },
  };
  return decided(state, [started, issueStep(first, { sagaId, correlationId }, data, now, env.newId())], now);
}

function onReply(
  state: SagaState,
  input: ReplyReceived,
  definition: SagaDefinition,
  env: DecideEnv,
): Decision {
  const { commandId, now } = input.data;
  const outstanding = state.outstanding;
  if (state.settledCommandIds.includes(commandId)) {
    return ignored('DUPLICATE_REPLY', `command ${commandId} already has its outcome`);
  }
  if (!outstanding || outstanding.commandId !== commandId) return lateReply(state, input, definition);
  if (outstanding.step !== input.data.step) {
    return ignored('STEP_MISMATCH', `reply for step ${input.data.step}, awaiting ${outstanding.step}`);
  }
  const step = findStep(definition, outstanding.step);
  if (!step) return ignored('UNKNOWN_STEP', `step ${outstanding.step} not in v${definition.version}`);

  if (outstanding.phase === 'compensation') {
    if (input.data.outcome === 'success') {
      const done: SagaEvent = { type: 'CompensationSucceeded', data: { step: step.name, commandId } };
      return decided(state, [done, ...continueCompensation(definition, state, step.name, now, env)], now);
    }
    if (outstanding.awaiting === 'operator') {
      return ignored('DUPLICATE_REPLY', `the refusal of ${commandId} is already recorded`);
    }
    // A refusal: the participant will not undo this as asked. An operator decides (retry, skip, abort).
    const code = input.data.code ?? FailureCodes.compensationRefused;
    const reason = `${code}: ${input.data.reason ?? input.data.replyType}`;
    const failed: SagaEvent = {
      type: 'CompensationFailed',
      data: { step: step.name, commandId, attempts: outstanding.attempt, reason },
    };
    return decided(state, [failed], now);
  }

  const { replyType, outcome } = input.data;
  const verdict = step.onReply.success.includes(replyType)
    ? 'success'
    : step.onReply.failure.includes(replyType)
      ? 'failure'
      : undefined;
  if (!verdict) return ignored('UNEXPECTED_REPLY_TYPE', `step ${step.name} does not expect ${replyType}`);
  if (verdict !== outcome) {
    return ignored(
      'OUTCOME_MISMATCH',
      `${replyType} is a ${verdict} for step ${step.name}, reply says ${outcome}`,
    );
  }
  const reply = { type: replyType, data: input.data.data };

  if (verdict === 'failure') {
    const reason = input.data.reason ?? `${step.name} failed: ${replyType}`;
    const code = input.data.code ?? FailureCodes.stepFailed;
    const failed: SagaEvent = {
      type: 'StepFailed',
      data: { step: step.name, commandId, reply, reason, code },
    };
    const compensation = startCompensation(
      definition,
      state,
      { reason, code, includeInFlight: false },
      now,
      env,
    );
    return decided(state, [failed, ...compensation], now);
  }

  const data = step.onReply.apply ? step.onReply.apply(state.data, reply) : state.data;
  const succeeded: SagaEvent = { type: 'StepSucceeded', data: { step: step.name, commandId, reply, data } };
  const next = definition.steps[state.stepIndex + 1];
  const then: SagaEvent = next
    ? issueStep(next, state, data, now, env.newId())
    : { type: 'SagaCompleted', data: { data } };
  return decided(state, [succeeded, then], now);
}

/**
 * A reply to a command of this saga that it no longer waits for: the step was abandoned at its
 * deadline, its compensation skipped, or the saga aborted. It is recorded, never dropped, so the
 * history agrees with the participant; a forward success is undone by the step's compensation when
 * one was planned (it is keyed by the forward command id, so it also covers a reply that comes late).
 */
function lateReply(state: SagaState, input: ReplyReceived, definition: SagaDefinition): Decision {
  const { commandId, step: name, outcome, replyType, data, reason } = input.data;
  const phase =
    state.forwardCommandIds[name] === commandId
      ? 'forward'
      : state.compensationCommandIds[name] === commandId
        ? 'compensation'
        : undefined;
  if (!phase) return ignored('STALE_REPLY', `command ${commandId} is not one this saga issued for ${name}`);
  const step = findStep(definition, name);
  const undone =
    step?.compensation !== undefined &&
    (state.compensatedSteps.includes(name) || state.compensationPlan.includes(name));
  const action = phase === 'forward' && outcome === 'success' && undone ? 'covered' : 'none';
  const late: SagaEvent = {
    type: 'LateReplyRecorded',
    data: {
      step: name,
      phase,
      commandId,
      reply: { type: replyType, data },
      outcome,
      ...(reason !== undefined ? { reason } : {}),
      action,
    },
  };
  return decided(state, [late], input.data.now);
}

function onTimer(state: SagaState, input: TimerFired, definition: SagaDefinition, env: DecideEnv): Decision {
  const { timerId, now } = input.data;
  const { timer, outstanding } = state;
  if (!timer || timer.timerId !== timerId || !outstanding) {
    return ignored('STALE_TIMER', `timer ${timerId} is not pending`);
  }
  if (now < timer.at) return ignored('TIMER_NOT_DUE', `timer ${timerId} is due at ${timer.at}, now ${now}`);
  const step = findStep(definition, outstanding.step);
  if (!step) return ignored('UNKNOWN_STEP', `step ${outstanding.step} not in v${definition.version}`);

  if (timer.purpose === 'retry')
    return decided(state, [reissue(step, outstanding, outstanding.attempt, now)], now);
  if (outstanding.phase === 'forward')
    return decided(state, stepTimedOut(definition, state, step, outstanding, now, env), now);
  const reason = `no reply from ${outstanding.participant} after ${outstanding.attempt} attempt(s)`;
  return decided(state, compensationAttemptFailed(state, step, outstanding, reason, now, env), now);
}

function retryStep(state: SagaState, input: RetryStep, definition: SagaDefinition): Decision {
  const { outstanding } = state;
  if (state.status !== 'COMPENSATION_FAILED' && isTerminal(state.status)) {
    return ignored('SAGA_TERMINAL', `saga is ${state.status}`);
  }
  if (!outstanding) return ignored('NOTHING_TO_RETRY', 'no command is outstanding');
  const step = findStep(definition, outstanding.step);
  if (!step) return ignored('UNKNOWN_STEP', `step ${outstanding.step} not in v${definition.version}`);
  // An operator retry sends the same command (same commandId) again now, counting attempts afresh.
  const requested: SagaEvent = {
    type: 'OperatorRetryRequested',
    data: { by: input.data.by, step: step.name },
  };
  return decided(state, [requested, reissue(step, outstanding, 1, input.data.now)], input.data.now);
}

/** Operator: the compensation in progress (or refused) is done by hand or not needed; go on with the plan. */
function skipCompensation(
  state: SagaState,
  input: SkipCompensation,
  definition: SagaDefinition,
  env: DecideEnv,
): Decision {
  const { outstanding } = state;
  if (!outstanding || outstanding.phase !== 'compensation') {
    return ignored('NOTHING_TO_SKIP', `saga is ${state.status} with no compensation in progress`);
  }
  const { by, now } = input.data;
  const reason = input.data.reason ?? `skipped by ${by}`;
  return decided(
    state,
    [
      { type: 'OperatorSkipRequested', data: { by, step: outstanding.step, reason } },
      {
        type: 'CompensationSkipped',
        data: { step: outstanding.step, commandId: outstanding.commandId, by, reason },
      },
      ...continueCompensation(definition, state, outstanding.step, now, env),
    ],
    now,
  );
}

function compensate(
  state: SagaState,
  input: CompensateSaga,
  definition: SagaDefinition,
  env: DecideEnv,
): Decision {
  if (state.status === 'COMPENSATING') return ignored('ALREADY_COMPENSATING', 'saga is already compensating');
  if (state.status !== 'RUNNING') return ignored('SAGA_TERMINAL', `saga is ${state.status}`);
  const { by, now } = input.data;
  const reason = input.data.reason ?? `compensation requested by ${by}`;
  const requested: SagaEvent = { type: 'OperatorCompensateRequested', data: { by, reason } };
  const failure = { reason, code: FailureCodes.operatorCompensate, includeInFlight: true };
  return decided(state, [requested, ...startCompensation(definition, state, failure, now, env)], now);
}

/** Operator: stop here, send nothing more. Also ends a saga waiting in COMPENSATION_FAILED. */
function abort(state: SagaState, input: AbortSaga): Decision {
  if (state.status !== 'COMPENSATION_FAILED' && isTerminal(state.status)) {
    return ignored('SAGA_TERMINAL', `saga is ${state.status}`);
  }
  const { by, reason, now } = input.data;
  return decided(
    state,
    [
      { type: 'OperatorAbortRequested', data: { by, reason } },
      { type: 'SagaAborted', data: { by, reason } },
    ],
    now,
  );
}

/**
 * Inputs a saga in a terminal status still takes: late replies are recorded; a refused compensation
 * waits for an operator.
 */
function acceptedWhenTerminal(state: SagaState, input: SagaInput): boolean {
  if (input.type === 'ReplyReceived') return true;
  return (
    state.status === 'COMPENSATION_FAILED' &&
    ['RetryStep', 'SkipCompensation', 'AbortSaga'].includes(input.type)
  );
}

export function decide(
  state: SagaState,
  input: SagaInput,
  definition: SagaDefinition,
  env: DecideEnv,
): Decision {
  if (input.type === 'StartSaga') return start(state, input, definition, env);
  if (state.status === 'NEW')
    return ignored('NOT_STARTED', `${input.type} for a saga that was never started`);
  if (definition.type !== state.sagaType || definition.version !== state.version) {
    return ignored(
      'DEFINITION_MISMATCH',
      `saga is ${state.sagaType} v${state.version}, definition is ${definition.type} v${definition.version}`,
    );
  }
  if (isTerminal(state.status) && !acceptedWhenTerminal(state, input)) {
    return ignored('SAGA_TERMINAL', `saga is ${state.status}; ${input.type} ignored`);
  }
  switch (input.type) {
    case 'ReplyReceived':
      return onReply(state, input, definition, env);
    case 'TimerFired':
      return onTimer(state, input, definition, env);
    case 'RetryStep':
      return retryStep(state, input, definition);
    case 'CompensateSaga':
      return compensate(state, input, definition, env);
    case 'AbortSaga':
      return abort(state, input);
    case 'SkipCompensation':
      return skipCompensation(state, input, definition, env);
    default: {
      const _exhaustive: never = input;
      return ignored('UNKNOWN_INPUT', `unknown input ${JSON.stringify(_exhaustive)}`);
    }
  }
}
