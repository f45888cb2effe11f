/**
 * Event builders shared by the decision handlers. Each returns the events for one move of the
 * state machine; none of them reads a clock or a random source except through its arguments.
 */
import { backoffDelay, RandomSource, RetryPolicy } from './backoff';
import { findStep, SagaDefinition, StepDefinition } from './definition';
import { CompensationCommandIssued, SagaEvent, StepCommandIssued } from './events';
import { OutstandingCommand, SagaState } from './state';

/** Injected non-determinism: ids for new commands and a random source for jitter. */
export interface DecideEnv {
  readonly newId: () => string;
  readonly random: RandomSource;
}

export const FailureCodes = {
  stepFailed: 'SAGA.STEP_FAILED',
  /** A step's business deadline passed without an answer. */
  stepTimeout: 'SAGA.STEP_TIMEOUT',
  operatorCompensate: 'SAGA.OPERATOR_COMPENSATE',
  compensationRefused: 'SAGA.COMPENSATION_REFUSED',
} as const;

type Identity = Pick<SagaState, 'sagaId' | 'correlationId'>;

export function issueStep(
  step: StepDefinition<object>,
  saga: Identity,
  data: object,
  now: number,
  commandId: string,
): StepCommandIssued {
  const deadlineAt = step.deadlineMs === undefined ? undefined : now + step.deadlineMs;
  return {
    type: 'StepCommandIssued',
    data: {
      step: step.name,
      participant: step.participant,
      attempt: 1,
      commandId,
      command: step.command({ sagaId: saga.sagaId, correlationId: saga.correlationId, data }),
      dueAt: attemptDue(now, step.timeoutMs, deadlineAt),
      ...(deadlineAt !== undefined ? { deadlineAt } : {}),
    },
  };
}

/** An attempt waits `timeoutMs` for its reply, never past the step's business deadline. */
const attemptDue = (now: number, timeoutMs: number, deadlineAt: number | undefined): number =>
  deadlineAt === undefined ? now + timeoutMs : Math.min(now + timeoutMs, deadlineAt);

/** IncidentRaised when this attempt reaches the policy's threshold and none is open for the command. */
function incidentIfDue(
  state: SagaState,
  outstanding: OutstandingCommand,
  policy: RetryPolicy,
  reason: string,
  now: number,
): SagaEvent[] {
  const { step, phase, commandId, attempt } = outstanding;
  if (attempt < policy.incidentAfterAttempts || state.incident?.commandId === commandId) return [];
  return [{ type: 'IncidentRaised', data: { step, phase, commandId, attempts: attempt, reason, at: now } }];
}

/** Re-sends the outstanding command unchanged (same commandId, same payload). */
export function reissue(
  step: StepDefinition<object>,
  outstanding: OutstandingCommand,
  attempt: number,
  now: number,
): StepCommandIssued | CompensationCommandIssued {
  const { step: name, participant, commandId, command, deadlineAt } = outstanding;
  if (outstanding.phase === 'forward') {
    return {
      type: 'StepCommandIssued',
      data: {
        step: name,
        participant,
        attempt,
        commandId,
        command,
        dueAt: attemptDue(now, step.timeoutMs, deadlineAt),
        ...(deadlineAt !== undefined ? { deadlineAt } : {}),
      },
    };
  }
  const timeoutMs = step.compensation?.timeoutMs ?? step.timeoutMs;
  return {
    type: 'CompensationCommandIssued',
    data: { step: name, participant, attempt, commandId, command, dueAt: now + timeoutMs },
  };
}

function issueCompensation(
  definition: SagaDefinition,
  state: SagaState,
  stepName: string,
  now: number,
  env: DecideEnv,
): CompensationCommandIssued[] {
  const compensation = findStep(definition, stepName)?.compensation;
  if (!compensation) return [];
  const { sagaId, correlationId, data } = state;
  return [
    {
      type: 'CompensationCommandIssued',
      data: {
        step: stepName,
        participant: compensation.participant,
        attempt: 1,
        commandId: env.newId(),
        command: compensation.command({
          sagaId,
          correlationId,
          data,
          forwardCommandId: state.forwardCommandIds[stepName] ?? '',
        }),
        dueAt: now + compensation.timeoutMs,
      },
    },
  ];
}

/**
 * Steps to undo, in order: the abandoned in-flight step first (when `includeInFlight`: it may have
 * happened even though no reply came), then the completed steps in reverse completion order.
 * Only steps that declare a compensation are listed.
 */
export function compensationPlan(
  definition: SagaDefinition,
  state: SagaState,
  includeInFlight: boolean,
): string[] {
  const inFlight = includeInFlight && state.outstanding?.phase === 'forward' ? [state.outstanding.step] : [];
  const candidates = [...inFlight, ...[...state.completedSteps].reverse()];
  return candidates.filter((name) => findStep(definition, name)?.compensation !== undefined);
}

/** CompensationStarted, then the first compensation command (or SagaCompensated if none). */
export function startCompensation(
  definition: SagaDefinition,
  state: SagaState,
  failure: { reason: string; code: string; includeInFlight: boolean },
  now: number,
  env: DecideEnv,
): SagaEvent[] {
  const steps = compensationPlan(definition, state, failure.includeInFlight);
  const started: SagaEvent = {
    type: 'CompensationStarted',
    data: { reason: failure.reason, code: failure.code, steps },
  };
  const [first] = steps;
  if (first === undefined) {
    return [started, { type: 'SagaCompensated', data: { reason: failure.reason, code: failure.code } }];
  }
  return [started, ...issueCompensation(definition, state, first, now, env)];
}

/** After a compensation succeeded: the next one in the plan, or SagaCompensated. */
export function continueCompensation(
  definition: SagaDefinition,
  state: SagaState,
  doneStep: string,
  now: number,
  env: DecideEnv,
): SagaEvent[] {
  const next = state.compensationPlan.find((s) => s !== doneStep);
  if (next !== undefined) return issueCompensation(definition, state, next, now, env);
  const reason = state.failure?.reason ?? 'compensated';
  const code = state.failure?.code ?? FailureCodes.operatorCompensate;
  return [{ type: 'SagaCompensated', data: { reason, code } }];
}

/**
 * A compensation attempt went unanswered: it is sent again after a backoff, however long that takes
 * (an incident is raised once the policy's threshold is reached). Compensations are never abandoned.
 */
export function compensationAttemptFailed(
  state: SagaState,
  step: StepDefinition<object>,
  outstanding: OutstandingCommand,
  reason: string,
  now: number,
  env: DecideEnv,
): SagaEvent[] {
  const { step: name, commandId, attempt } = outstanding;
  const policy = step.compensation?.retry ?? step.retry;
  const at = now + backoffDelay(policy, attempt, env.random);
  return [
    { type: 'CompensationAttemptFailed', data: { step: name, commandId, attempt, reason } },
    ...incidentIfDue(state, outstanding, policy, reason, now),
    { type: 'CompensationRetryScheduled', data: { step: name, commandId, attempt: attempt + 1, at } },
  ];
}

/**
 * A forward attempt's reply deadline passed: the same command is sent again after a backoff, unless
 * the next attempt would start past the step's business deadline; then the step is abandoned and the
 * saga compensates, the abandoned step included (it may have happened without a reply yet).
 */
export function stepTimedOut(
  definition: SagaDefinition,
  state: SagaState,
  step: StepDefinition<object>,
  outstanding: OutstandingCommand,
  now: number,
  env: DecideEnv,
): SagaEvent[] {
  const { commandId, attempt, deadlineAt } = outstanding;
  const timedOut: SagaEvent = { type: 'StepTimedOut', data: { step: step.name, commandId, attempt } };
  const at = now + backoffDelay(step.retry, attempt, env.random);
  if (deadlineAt === undefined || at < deadlineAt) {
    return [
      timedOut,
      ...incidentIfDue(
        state,
        outstanding,
        step.retry,
        `no reply from ${step.participant} after ${attempt} attempt(s)`,
        now,
      ),
      { type: 'StepRetryScheduled', data: { step: step.name, commandId, attempt: attempt + 1, at } },
    ];
  }
  const reason = `STEP_TIMEOUT:${step.name} (no answer from ${step.participant} before the step's deadline)`;
  return [
    timedOut,
    ...startCompensation(
      definition,
      state,
      { reason, code: FailureCodes.stepTimeout, includeInFlight: true },
      now,
      env,
    ),
  ];
}
