/**
 * The saga's event stream (what `saga_events` stores). Past tense, `{ type, data }`. Every event
 * carries what `evolve` needs, so the stream folds without the definition and replays on any
 * version of the code.
 */
import { SagaMessage, SagaReply } from './definition';

type Event<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type SagaStarted = Event<
  'SagaStarted',
  {
    sagaId: string;
    sagaType: string;
    /** The definition version this saga is pinned to. */
    version: number;
    data: object;
    correlationId: string;
    startedAt: number;
  }
>;

/**
 * A forward command was written to the outbox; `dueAt` is this attempt's reply deadline, `deadlineAt`
 * the step's business deadline (absent: the step is never abandoned).
 */
export type StepCommandIssued = Event<
  'StepCommandIssued',
  {
    step: string;
    participant: string;
    attempt: number;
    commandId: string;
    command: SagaMessage;
    dueAt: number;
    deadlineAt?: number;
  }
>;
/** `data` is the saga data after the reply was folded in. */
export type StepSucceeded = Event<
  'StepSucceeded',
  { step: string; commandId: string; reply: SagaReply; data: object }
>;
/** A business failure: the participant refused. The step did not happen. */
export type StepFailed = Event<
  'StepFailed',
  { step: string; commandId: string; reply: SagaReply; reason: string; code: string }
>;
export type StepTimedOut = Event<'StepTimedOut', { step: string; commandId: string; attempt: number }>;
/** `attempt` is the number of the attempt that will be sent at `at`. */
export type StepRetryScheduled = Event<
  'StepRetryScheduled',
  { step: string; commandId: string; attempt: number; at: number }
>;

/** The saga turned back; `steps` is the plan, in the order they will be compensated. */
export type CompensationStarted = Event<
  'CompensationStarted',
  { reason: string; code: string; steps: string[] }
>;
export type CompensationCommandIssued = Event<
  'CompensationCommandIssued',
  {
    step: string;
    participant: string;
    attempt: number;
    commandId: string;
    command: SagaMessage;
    dueAt: number;
  }
>;
export type CompensationSucceeded = Event<'CompensationSucceeded', { step: string; commandId: string }>;
/** A compensation reply was a failure, or its deadline passed. */
export type CompensationAttemptFailed = Event<
  'CompensationAttemptFailed',
  { step: string; commandId: string; attempt: number; reason: string }
>;
export type CompensationRetryScheduled = Event<
  'CompensationRetryScheduled',
  { step: string; commandId: string; attempt: number; at: number }
>;
/**
 * The participant refused the compensation (it cannot be undone as asked): status COMPENSATION_FAILED,
 * an operator is alerted and may retry, skip or abort. A participant that does not answer is no refusal.
 */
export type CompensationFailed = Event<
  'CompensationFailed',
  { step: string; commandId: string; attempts: number; reason: string }
>;
/** An operator skipped the compensation of `step` (done by hand, or nothing to undo); the plan goes on. */
export type CompensationSkipped = Event<
  'CompensationSkipped',
  { step: string; commandId: string; by: string; reason: string }
>;

/**
 * A command has gone unanswered for `attempts` attempts: ops should look (the retries go on). `reason`
 * is the last error. Resolved by the command's answer, an operator action, or the saga's end.
 */
export type IncidentRaised = Event<
  'IncidentRaised',
  {
    step: string;
    phase: 'forward' | 'compensation';
    commandId: string;
    attempts: number;
    reason: string;
    at: number;
  }
>;
export type IncidentResolved = Event<
  'IncidentResolved',
  {
    step: string;
    commandId: string;
    resolution: 'answered' | 'refused' | 'operator' | 'deadline' | 'ended';
    at: number;
  }
>;

/**
 * A reply to a command the saga no longer waited for (its step was abandoned at the deadline, skipped
 * or aborted), kept so the history agrees with the participant. `action` says what the saga did about it:
 * covered — the step's compensation (planned, running or done, keyed by this forward command id)
 * undoes it, or refused it beforehand; none — nothing happened at the participant (a refusal), or
 * nothing is left to undo it (no compensation, an operator skipped or aborted).
 */
export type LateReplyRecorded = Event<
  'LateReplyRecorded',
  {
    step: string;
    phase: 'forward' | 'compensation';
    commandId: string;
    reply: SagaReply;
    outcome: 'success' | 'failure';
    reason?: string;
    action: 'covered' | 'none';
  }
>;

export type SagaCompleted = Event<'SagaCompleted', { data: object }>;
export type SagaCompensated = Event<'SagaCompensated', { reason: string; code: string }>;
export type SagaAborted = Event<'SagaAborted', { reason: string; by: string }>;

export type OperatorRetryRequested = Event<'OperatorRetryRequested', { by: string; step: string }>;
export type OperatorCompensateRequested = Event<
  'OperatorCompensateRequested',
  { by: string; reason: string }
>;
export type OperatorAbortRequested = Event<'OperatorAbortRequested', { by: string; reason: string }>;
export type OperatorSkipRequested = Event<
  'OperatorSkipRequested',
  { by: string; step: string; reason: string }
>;

export type SagaEvent =
  | SagaStarted
  | StepCommandIssued
  | StepSucceeded
  | StepFailed
  | StepTimedOut
  | StepRetryScheduled
  | CompensationStarted
  | CompensationCommandIssued
  | CompensationSucceeded
  | CompensationAttemptFailed
  | CompensationRetryScheduled
  | CompensationFailed
  | CompensationSkipped
  | IncidentRaised
  | IncidentResolved
  | LateReplyRecorded
  | SagaCompleted
  | SagaCompensated
  | SagaAborted
  | OperatorRetryRequested
  | OperatorCompensateRequested
  | OperatorAbortRequested
  | OperatorSkipRequested;
