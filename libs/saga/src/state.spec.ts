import { SagaEvent } from './events';
import { SagaRegistry } from './registry';
import { evolve, initialSagaState, rehydrate } from './state';
import { SagaDriver } from '@app/testing';
import { input, T0 } from './testing/given';
import { CheckoutSagaV1 } from './testing/checkout-saga.fixture';

/** A long, bumpy run: timeouts, a business failure, an unanswered then refused compensation, an operator. */
function bumpyRun(): SagaDriver {
  const saga = new SagaDriver(new SagaRegistry().register(CheckoutSagaV1));
  saga.send(input.start());
  saga.send(input.timer(saga.pendingTimer.timerId, saga.pendingTimer.at)); // charge timed out
  saga.send(input.timer(saga.pendingTimer.timerId, saga.pendingTimer.at)); // retry sent
  saga.send(input.ok('charge', T0 + 20_000, saga.outstandingId));
  saga.send(input.ok('reserve', T0 + 21_000, saga.outstandingId));
  saga.send({
    type: 'ReplyReceived',
    data: {
      commandId: saga.outstandingId,
      step: 'book',
      outcome: 'failure',
      replyType: 'delivery.noSlot',
      data: {},
      now: T0 + 22_000,
    },
  });
  // The warehouse does not answer the stock release for eight attempts (an incident is raised on the
  // way), then refuses it: COMPENSATION_FAILED.
  for (let i = 0; i < 8; i += 1) {
    saga.send(input.timer(saga.pendingTimer.timerId, saga.pendingTimer.at)); // attempt timed out
    saga.send(input.timer(saga.pendingTimer.timerId, saga.pendingTimer.at)); // sent again
  }
  expect(saga.state.incident).toMatchObject({ step: 'reserve', phase: 'compensation' });
  const refused = saga.send({
    type: 'ReplyReceived',
    data: {
      commandId: saga.outstandingId,
      step: 'reserve',
      outcome: 'failure',
      replyType: 'warehouse.releaseFailed',
      data: {},
      reason: 'reservation belongs to another order',
      now: saga.pendingTimer.at - 1,
    },
  });
  expect(refused.kind).toBe('decided');
  return saga;
}

describe('evolve / rehydrate', () => {
  it('the bumpy run ends where expected', () => {
    const saga = bumpyRun();
    expect(saga.state.status).toBe('COMPENSATION_FAILED');
    expect(saga.state.incident).toBeNull();
    expect(saga.state.completedSteps).toEqual(['charge', 'reserve']);
    expect(saga.state.compensationPlan).toEqual(['reserve', 'charge']);
    const compReply = (step: string, now: number) =>
      saga.send({
        type: 'ReplyReceived',
        data: { commandId: saga.outstandingId, step, outcome: 'success', replyType: 'undone', data: {}, now },
      });
    expect(saga.send(input.retry(T0 + 9_000_000)).kind).toBe('decided');
    expect(compReply('reserve', T0 + 9_000_001).kind).toBe('decided');
    expect(compReply('charge', T0 + 9_000_002).kind).toBe('decided');
    expect(saga.state.status).toBe('COMPENSATED');
    expect(saga.state.compensatedSteps).toEqual(['reserve', 'charge']);
    expect(saga.state.failure).toEqual({ reason: 'book failed: delivery.noSlot', code: 'SAGA.STEP_FAILED' });
  });

  it('folding the stored events again gives the state each decision returned', () => {
    const saga = bumpyRun();
    expect(saga.states.length).toBeGreaterThan(20);
    for (const decided of saga.states) {
      expect(rehydrate(saga.events.slice(0, decided.seq))).toEqual(decided);
    }
    expect(saga.states[saga.states.length - 1]?.seq).toBe(saga.events.length);
  });

  it('survives a JSON round trip (as stored in jsonb)', () => {
    const saga = bumpyRun();
    const stored = JSON.parse(JSON.stringify(saga.events)) as SagaEvent[];
    expect(rehydrate(stored)).toEqual(saga.state);
  });

  it('counts events in seq, the expected version for an optimistic append', () => {
    const saga = bumpyRun();
    expect(saga.state.seq).toBe(saga.events.length);
    expect(saga.events.reduce(evolve, initialSagaState()).seq).toBe(saga.events.length);
  });
});
