/**
 * Event builders shared by the decision handlers. Each returns the events for one move of the
 * state machine; none of them reads a clock or a random source except through its arguments.
 */
import { backoffDelay, RandomSource } from './backoff';
import { SagaDefinition, StepDefinition } from './definition';
import { CompensationCommandIssued, SagaEvent, StepCommandIssued } from './events';
import { OutstandingCommand, SagaState } from './state';

/** Injected non-determinism: ids for new commands and a random source for jitter. */
export interface DecideEnv {
  readonly newId: () => string;
  readonly random: RandomSource;
}

export const FailureCodes = {
  stepFailed: 'SAGA.STEP_FAILED',
  stepTimeout: 'SAGA.STEP_TIMEOUT',
  operatorCompensate: 'SAGA.OPERATOR_COMPENSATE',
  compensationTimeout: 'SAGA.COMPENSATION_TIMEOUT',
} as const;

type Identity = Pick<SagaState, 'sagaId' | 'correlationId'>;

export function issueStep(
  step: StepDefinition<object>,
  saga: Identity,
  data: object,
  now: number,
  commandId: string,
): StepCommandIssued {
  return {
    type: 'StepCommandIssued',
    data: {
      step: step.name,
      participant: step.participant,
      attempt: 1,
      commandId,
      command: step.command({ sagaId: saga.sagaId, correlationId: saga.correlationId, data }),
      dueAt: now + step.timeoutMs,
    },
  };
}

/** Re-sends the outstanding command unchanged (same commandId, same payload). */
export function reissue(
  step: StepDefinition<object>,
  outstanding: OutstandingCommand,
  attempt: number,
  now: number,
): StepCommandIssued | CompensationCommandIssued {
  const { step: name, participant, commandId, command } = outstanding;
  if (outstanding.phase === 'forward') {
    return {
      type: 'StepCommandIssued',
      data: { step: name, participant, attempt, commandId, command, dueAt: now + step.timeoutMs },
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
  const compensation = definition.steps.find((s) => s.name === stepName)?.compensation;
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
  return candidates.filter(
    (name) => definition.steps.find((s) => s.name === name)?.compensation !== undefined,
  );
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

/** A compensation attempt failed: retry after backoff, or give up with CompensationFailed. */
export function compensationAttemptFailed(
  step: StepDefinition<object>,
  outstanding: OutstandingCommand,
  reason: string,
  now: number,
  env: DecideEnv,
): SagaEvent[] {
  const { step: name, commandId, attempt } = outstanding;
  const failed: SagaEvent = {
    type: 'CompensationAttemptFailed',
    data: { step: name, commandId, attempt, reason },
  };
  const policy = step.compensation?.retry ?? step.retry;
  if (attempt < policy.maxAttempts) {
    const at = now + backoffDelay(policy, attempt, env.random);
    return [
      failed,
      { type: 'CompensationRetryScheduled', data: { step: name, commandId, attempt: attempt + 1, at } },
    ];
  }
  return [
    failed,
    {
      type: 'CompensationFailed',
      data: {
        step: name,
        commandId,
        attempts: attempt,
        reason: `${reason} (gave up after ${attempt} attempts)`,
      },
    },
  ];
}

/** A forward step's deadline passed: retry after backoff, or abandon it and compensate. */
export function stepTimedOut(
  definition: SagaDefinition,
  state: SagaState,
  step: StepDefinition<object>,
  outstanding: OutstandingCommand,
  now: number,
  env: DecideEnv,
): SagaEvent[] {
  const { commandId, attempt } = outstanding;
  const timedOut: SagaEvent = { type: 'StepTimedOut', data: { step: step.name, commandId, attempt } };
  if (step.onTimeout === 'retry' && attempt < step.retry.maxAttempts) {
    const at = now + backoffDelay(step.retry, attempt, env.random);
    return [
      timedOut,
      { type: 'StepRetryScheduled', data: { step: step.name, commandId, attempt: attempt + 1, at } },
    ];
  }
  const reason = `STEP_TIMEOUT:${step.name}`;
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
