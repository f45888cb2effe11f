/**
 * What drives a saga: starting it, participants' replies, due timers and operator actions.
 * Each input carries `now` (epoch ms); the engine never reads a clock.
 */
type Input<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type StartSaga = Input<
  'StartSaga',
  { sagaId: string; sagaType: string; data: object; correlationId: string; now: number }
>;

/** A participant's reply to the command `commandId` (the saga's step name is echoed back). */
export type ReplyReceived = Input<
  'ReplyReceived',
  {
    commandId: string;
    step: string;
    outcome: 'success' | 'failure';
    replyType: string;
    data: Readonly<Record<string, unknown>>;
    reason?: string;
    code?: string;
    now: number;
  }
>;

/** A timer the engine scheduled (a reply deadline or a retry delay) is due. */
export type TimerFired = Input<'TimerFired', { timerId: string; now: number }>;

/** Operator: re-send the waiting command, or resume a saga stuck in COMPENSATION_FAILED. */
export type RetryStep = Input<'RetryStep', { by: string; now: number }>;
/** Operator: stop going forward and compensate what was done. */
export type CompensateSaga = Input<'CompensateSaga', { by: string; reason?: string; now: number }>;
/** Operator: stop here, send nothing more (terminal). */
export type AbortSaga = Input<'AbortSaga', { by: string; reason: string; now: number }>;

/** Operator: the compensation in progress or refused is not to be done by the saga; continue with the next. */
export type SkipCompensation = Input<'SkipCompensation', { by: string; reason?: string; now: number }>;

export type SagaInput =
  StartSaga | ReplyReceived | TimerFired | RetryStep | CompensateSaga | AbortSaga | SkipCompensation;
