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

/** A forward command was written to the outbox; `dueAt` is its reply deadline. */
export type StepCommandIssued = Event<
  'StepCommandIssued',
  {
    step: string;
    participant: string;
    attempt: number;
    commandId: string;
    command: SagaMessage;
    dueAt: number;
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
/** Retries exhausted: status COMPENSATION_FAILED, an operator is alerted. */
export type CompensationFailed = Event<
  'CompensationFailed',
  { step: string; commandId: string; attempts: number; reason: string }
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
  | SagaCompleted
  | SagaCompensated
  | SagaAborted
  | OperatorRetryRequested
  | OperatorCompensateRequested
  | OperatorAbortRequested;

export type SagaEventType = SagaEvent['type'];
