import { RetryPolicies } from './backoff';
import {
  DEFAULT_SAGA_OPTIONS,
  defineSaga,
  InvalidSagaDefinitionError,
  validateSagaDefinition,
} from './definition';
import { CheckoutSagaV1 } from './testing/checkout-saga.fixture';

interface Data {
  id: string;
}

describe('defineSaga', () => {
  it('builds the Checkout fixture with defaults filled in', () => {
    expect(CheckoutSagaV1.type).toBe('Checkout');
    expect(CheckoutSagaV1.steps.map((s) => s.name)).toEqual(['charge', 'reserve', 'book']);
    const reserve = CheckoutSagaV1.steps[1]!;
    expect(reserve.retry).toBe(DEFAULT_SAGA_OPTIONS.retry);
    expect(reserve.deadlineMs).toBeUndefined();
    expect(CheckoutSagaV1.steps[2]!.deadlineMs).toBe(12_000);
    expect(reserve.onReply).toMatchObject({
      success: ['warehouse.reserved'],
      failure: ['warehouse.outOfStock'],
    });
    expect(reserve.compensation).toMatchObject({ participant: 'warehouse', timeoutMs: 5_000 });
    expect(CheckoutSagaV1.steps[0]!.compensation?.retry).toBe(RetryPolicies.compensation);
    expect(Object.isFrozen(CheckoutSagaV1)).toBe(true);
  });

  it('builds commands and folds replies through the step functions', () => {
    const charge = CheckoutSagaV1.steps[0]!;
    const data = { orderId: 'o', holdId: 'h', itemId: 'i', address: 'a' };
    expect(charge.command({ sagaId: 's', correlationId: 'c', data })).toEqual({
      type: 'payment.charge',
      data: { orderId: 'o', holdId: 'h' },
    });
    expect(charge.onReply.apply?.(data, { type: 'payment.charged', data: { paymentId: 7 } })).toEqual({
      ...data,
      paymentId: '7',
    });
  });

  it('rejects an empty saga, duplicate steps, bad policies and ambiguous replies', () => {
    expect(() => defineSaga<Data>('Empty', 1).build()).toThrow(InvalidSagaDefinitionError);
    const step = {
      participant: 'p',
      command: () => ({ type: 't', data: {} }),
      onReply: { success: 'ok', failure: ['ok', 'no'] },
      retry: { incidentAfterAttempts: 0, initialDelayMs: 10, maxDelayMs: 5, multiplier: 0.5, jitter: 2 },
      timeoutMs: 0,
      deadlineMs: -1,
    };
    try {
      defineSaga<Data>('Bad', 0).step('a', step).step('a', step).build();
      throw new Error('expected build() to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSagaDefinitionError);
      const problems = (error as InvalidSagaDefinitionError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          'version must be an integer >= 1',
          "step 'a': duplicate step name",
          "step 'a': timeoutMs must be > 0",
          "step 'a': reply types both success and failure: ok",
          "step 'a': deadlineMs must be > 0",
          "step 'a' retry: incidentAfterAttempts must be an integer >= 1",
          "step 'a' retry: maxDelayMs must be >= initialDelayMs",
          "step 'a' retry: multiplier must be >= 1",
          "step 'a' retry: jitter must be within 0..1",
        ]),
      );
    }
  });

  it('validates hand-written definitions too', () => {
    expect(validateSagaDefinition(CheckoutSagaV1)).toEqual([]);
    expect(validateSagaDefinition({ type: 'X', version: 1, steps: [] })).toEqual([
      'a saga needs at least one step',
    ]);
  });
});
