import { defineSaga, InvalidSagaDefinitionError } from './definition';
import { SagaInput } from './inputs';
import { SagaRegistry } from './registry';
import { initialSagaState } from './state';
import { SagaDriver } from '@app/testing';
import { input, T0 } from './testing/given';
import { CheckoutData, CheckoutSagaV1 } from './testing/checkout-saga.fixture';

const CheckoutSagaV2 = defineSaga<CheckoutData>('Checkout', 2)
  .step('charge', {
    participant: 'payment',
    command: ({ data }) => ({ type: 'payment.charge.v2', data: { orderId: data.orderId } }),
    onReply: { success: 'payment.charged' },
  })
  .step('ship', {
    participant: 'delivery',
    command: ({ data }) => ({ type: 'delivery.ship', data: { orderId: data.orderId } }),
    onReply: { success: 'delivery.shipped' },
  })
  .build();

const reply = (commandId: string, step: string, replyType: string, now: number): SagaInput => ({
  type: 'ReplyReceived',
  data: { commandId, step, outcome: 'success', replyType, data: {}, now },
});

describe('SagaRegistry and version pinning', () => {
  it('a saga started on v1 finishes on v1 after v2 is registered', () => {
    const registry = new SagaRegistry().register(CheckoutSagaV1);
    const saga = new SagaDriver(registry);
    saga.send(input.start());
    expect(saga.state.version).toBe(1);

    registry.register(CheckoutSagaV2);
    expect(registry.latest('Checkout')).toBe(CheckoutSagaV2);

    saga.send(reply(saga.outstandingId, 'charge', 'payment.charged', T0 + 1));
    saga.send(reply(saga.outstandingId, 'reserve', 'warehouse.reserved', T0 + 2));
    saga.send(reply(saga.outstandingId, 'book', 'delivery.booked', T0 + 3));

    expect(saga.state.status).toBe('COMPLETED');
    expect(saga.state.completedSteps).toEqual(['charge', 'reserve', 'book']);
    const sent = saga.events.flatMap((e) => (e.type === 'StepCommandIssued' ? [e.data.command.type] : []));
    expect(sent).toEqual(['payment.charge', 'warehouse.reserve', 'delivery.book']);
  });

  it('a new saga starts on the latest version', () => {
    const registry = new SagaRegistry().register(CheckoutSagaV1, CheckoutSagaV2);
    const saga = new SagaDriver(registry);
    saga.send(input.start());
    expect(saga.state.version).toBe(2);
    saga.send(reply(saga.outstandingId, 'charge', 'payment.charged', T0 + 1));
    saga.send(reply(saga.outstandingId, 'ship', 'delivery.shipped', T0 + 2));
    expect(saga.state.status).toBe('COMPLETED');
  });

  it('ignores inputs for a version that is no longer registered', () => {
    const saga = new SagaDriver(new SagaRegistry().register(CheckoutSagaV1));
    saga.send(input.start());
    const other = new SagaDriver(new SagaRegistry().register(CheckoutSagaV2));
    other.events.push(...saga.events);
    expect(other.send(reply(saga.outstandingId, 'charge', 'payment.charged', T0 + 1))).toMatchObject({
      kind: 'ignored',
      code: 'UNKNOWN_DEFINITION',
    });
  });

  it('ignores a start for an unknown type', () => {
    const saga = new SagaDriver(new SagaRegistry());
    expect(saga.send(input.start())).toMatchObject({ kind: 'ignored', code: 'UNKNOWN_DEFINITION' });
  });

  it('refuses to register the same type and version twice', () => {
    expect(() => new SagaRegistry().register(CheckoutSagaV1, CheckoutSagaV1)).toThrow(
      InvalidSagaDefinitionError,
    );
  });

  it('lists types and versions', () => {
    const registry = new SagaRegistry().register(CheckoutSagaV2, CheckoutSagaV1);
    expect(registry.types()).toEqual(['Checkout']);
    expect(registry.versions('Checkout')).toEqual([1, 2]);
    expect(registry.get('Checkout', 1)).toBe(CheckoutSagaV1);
    expect(registry.definitionFor(initialSagaState(), input.start())).toBe(CheckoutSagaV2);
  });
});
