/**
 * Event and input factories for the Checkout fixture, and `given(...events).when(input).then(...events)`
 * bound to it. To test a saga of your own, use the kit itself (`@app/testing`): `given(definition, ...events)`.
 */
import { given as kitGiven } from '@app/testing';
import { SagaEvent } from '../events';
import { SagaInput } from '../inputs';
import { CheckoutData, checkoutData, CheckoutSagaV1 } from './checkout-saga.fixture';

/** `given(...events)` for the Checkout fixture (the kit's `given` with CheckoutSagaV1 as the definition). */
export const given = (...history: SagaEvent[]) => kitGiven(CheckoutSagaV1, ...history);

// ---- Checkout fixture: ids, data at each stage, events and inputs -----------------------------

export const T0 = 1_000_000;
export const SAGA = 's-1';
export const CORR = 'corr-1';
type StepName = 'charge' | 'reserve' | 'book';

const replies = {
  charge: { type: 'payment.charged', data: { paymentId: 'p-1' } },
  reserve: { type: 'warehouse.reserved', data: { reservationId: 'r-1' } },
  book: { type: 'delivery.booked', data: { bookingId: 'b-1' } },
} as const;

export const dataAfter: Record<'start' | StepName, CheckoutData> = {
  start: checkoutData,
  charge: { ...checkoutData, paymentId: 'p-1' },
  reserve: { ...checkoutData, paymentId: 'p-1', reservationId: 'r-1' },
  book: { ...checkoutData, paymentId: 'p-1', reservationId: 'r-1', bookingId: 'b-1' },
};

const forward = {
  charge: {
    participant: 'payment',
    timeoutMs: 10_000,
    command: { type: 'payment.charge', data: { orderId: 'o-1', holdId: 'h-1' } },
  },
  reserve: {
    participant: 'warehouse',
    timeoutMs: 5_000,
    command: { type: 'warehouse.reserve', data: { orderId: 'o-1', itemId: 'i-1' } },
  },
  book: {
    participant: 'delivery',
    timeoutMs: 5_000,
    deadlineMs: 12_000,
    command: { type: 'delivery.book', data: { orderId: 'o-1', address: 'Main St 1' } },
  },
};

const undo = {
  charge: {
    participant: 'payment',
    timeoutMs: 10_000,
    command: { type: 'payment.refund', data: { orderId: 'o-1', chargeCommandId: 'cmd-charge' } },
  },
  reserve: {
    participant: 'warehouse',
    timeoutMs: 5_000,
    command: { type: 'warehouse.release', data: { reservationId: 'r-1' } },
  },
  book: {
    participant: 'delivery',
    timeoutMs: 5_000,
    command: { type: 'delivery.cancel', data: { orderId: 'o-1', bookingCommandId: 'cmd-book' } },
  },
};

export const cmd = (step: StepName) => `cmd-${step}`;
export const comp = (step: StepName) => `comp-${step}`;

export const ev = {
  started: (at = T0, data: object = checkoutData, version = 1): SagaEvent => ({
    type: 'SagaStarted',
    data: { sagaId: SAGA, sagaType: 'Checkout', version, data, correlationId: CORR, startedAt: at },
  }),
  /** `firstAt`: when attempt 1 was sent (a step's business deadline counts from it). */
  issued: (step: StepName, at = T0, attempt = 1, firstAt = at): SagaEvent => {
    const f: { participant: string; timeoutMs: number; deadlineMs?: number; command: object } = forward[step];
    const deadlineAt = f.deadlineMs === undefined ? undefined : firstAt + f.deadlineMs;
    return {
      type: 'StepCommandIssued',
      data: {
        step,
        participant: f.participant,
        attempt,
        commandId: cmd(step),
        command: forward[step].command,
        dueAt: Math.min(at + f.timeoutMs, deadlineAt ?? Infinity),
        ...(deadlineAt !== undefined ? { deadlineAt } : {}),
      },
    };
  },
  succeeded: (step: StepName): SagaEvent => ({
    type: 'StepSucceeded',
    data: { step, commandId: cmd(step), reply: replies[step], data: dataAfter[step] },
  }),
  failed: (step: StepName, replyType: string, reason: string, code: string): SagaEvent => ({
    type: 'StepFailed',
    data: { step, commandId: cmd(step), reply: { type: replyType, data: {} }, reason, code },
  }),
  timedOut: (step: StepName, attempt = 1): SagaEvent => ({
    type: 'StepTimedOut',
    data: { step, commandId: cmd(step), attempt },
  }),
  retryScheduled: (step: StepName, attempt: number, at: number): SagaEvent => ({
    type: 'StepRetryScheduled',
    data: { step, commandId: cmd(step), attempt, at },
  }),
  compensationStarted: (reason: string, code: string, steps: StepName[]): SagaEvent => ({
    type: 'CompensationStarted',
    data: { reason, code, steps },
  }),
  compIssued: (step: StepName, at = T0, attempt = 1): SagaEvent => ({
    type: 'CompensationCommandIssued',
    data: {
      step,
      participant: undo[step].participant,
      attempt,
      commandId: comp(step),
      command: undo[step].command,
      dueAt: at + undo[step].timeoutMs,
    },
  }),
  compSucceeded: (step: StepName): SagaEvent => ({
    type: 'CompensationSucceeded',
    data: { step, commandId: comp(step) },
  }),
  compAttemptFailed: (step: StepName, attempt: number, reason: string): SagaEvent => ({
    type: 'CompensationAttemptFailed',
    data: { step, commandId: comp(step), attempt, reason },
  }),
  compRetryScheduled: (step: StepName, attempt: number, at: number): SagaEvent => ({
    type: 'CompensationRetryScheduled',
    data: { step, commandId: comp(step), attempt, at },
  }),
  compensated: (reason: string, code: string): SagaEvent => ({
    type: 'SagaCompensated',
    data: { reason, code },
  }),
  completed: (): SagaEvent => ({ type: 'SagaCompleted', data: { data: dataAfter.book } }),
  incidentRaised: (
    step: StepName,
    attempts: number,
    reason: string,
    at: number,
    phase: 'forward' | 'compensation' = 'forward',
  ): SagaEvent => ({
    type: 'IncidentRaised',
    data: { step, phase, commandId: phase === 'forward' ? cmd(step) : comp(step), attempts, reason, at },
  }),
  incidentResolved: (
    step: StepName,
    resolution: 'answered' | 'refused' | 'operator' | 'deadline' | 'ended',
    at: number,
    phase: 'forward' | 'compensation' = 'forward',
  ): SagaEvent => ({
    type: 'IncidentResolved',
    data: { step, commandId: phase === 'forward' ? cmd(step) : comp(step), resolution, at },
  }),
  compFailed: (step: StepName, attempts: number, reason: string): SagaEvent => ({
    type: 'CompensationFailed',
    data: { step, commandId: comp(step), attempts, reason },
  }),
};

export const input = {
  start: (now = T0, data: object = checkoutData): SagaInput => ({
    type: 'StartSaga',
    data: { sagaId: SAGA, sagaType: 'Checkout', data, correlationId: CORR, now },
  }),
  ok: (step: StepName, now: number, commandId = cmd(step)): SagaInput => ({
    type: 'ReplyReceived',
    data: {
      commandId,
      step,
      outcome: 'success',
      replyType: replies[step].type,
      data: replies[step].data,
      now,
    },
  }),
  refused: (step: StepName, replyType: string, now: number, reason?: string, code?: string): SagaInput => ({
    type: 'ReplyReceived',
    data: { commandId: cmd(step), step, outcome: 'failure', replyType, data: {}, reason, code, now },
  }),
  compReply: (
    step: StepName,
    outcome: 'success' | 'failure',
    now: number,
    reason?: string,
    code?: string,
  ): SagaInput => ({
    type: 'ReplyReceived',
    data: {
      commandId: comp(step),
      step,
      outcome,
      replyType: `${step}.compensation`,
      data: {},
      reason,
      ...(code ? { code } : {}),
      now,
    },
  }),
  timer: (timerId: string, now: number): SagaInput => ({ type: 'TimerFired', data: { timerId, now } }),
  retry: (now: number, by = 'ops@gavel'): SagaInput => ({ type: 'RetryStep', data: { by, now } }),
  compensate: (now: number, by = 'ops@gavel', reason?: string): SagaInput => ({
    type: 'CompensateSaga',
    data: { by, reason, now },
  }),
  abort: (now: number, reason: string, by = 'ops@gavel'): SagaInput => ({
    type: 'AbortSaga',
    data: { by, reason, now },
  }),
  skip: (now: number, reason?: string, by = 'ops@gavel'): SagaInput => ({
    type: 'SkipCompensation',
    data: { by, now, ...(reason ? { reason } : {}) },
  }),
};

/** The timer id set by the event at (1-based) position `seq` of the stream. */
export const timerAt = (seq: number) => `${SAGA}/timer/${seq}`;
