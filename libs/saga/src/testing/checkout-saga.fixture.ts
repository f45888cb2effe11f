/**
 * Checkout: a three-step saga (charge → reserve → book) that exists only to exercise the engine in
 * libs/saga's specs. It is not the Order saga the orchestrator runs (apps/orchestrator/src/sagas/order).
 */
import { RetryPolicies } from '../backoff';
import { defineSaga } from '../definition';

export interface CheckoutData {
  orderId: string;
  holdId: string;
  itemId: string;
  address: string;
  paymentId?: string;
  reservationId?: string;
  bookingId?: string;
}

export const CheckoutSagaV1 = defineSaga<CheckoutData>('Checkout', 1)
  .step('charge', {
    participant: 'payment',
    command: ({ data }) => ({ type: 'payment.charge', data: { orderId: data.orderId, holdId: data.holdId } }),
    onReply: {
      success: 'payment.charged',
      failure: ['payment.declined'],
      apply: (data, reply) => ({ ...data, paymentId: String(reply.data.paymentId) }),
    },
    compensation: {
      command: ({ data, forwardCommandId }) => ({
        type: 'payment.refund',
        data: { orderId: data.orderId, chargeCommandId: forwardCommandId },
      }),
    },
    timeoutMs: 10_000,
    retry: RetryPolicies.standard,
  })
  .step('reserve', {
    participant: 'warehouse',
    command: ({ data }) => ({
      type: 'warehouse.reserve',
      data: { orderId: data.orderId, itemId: data.itemId },
    }),
    onReply: {
      success: 'warehouse.reserved',
      failure: 'warehouse.outOfStock',
      apply: (data, reply) => ({ ...data, reservationId: String(reply.data.reservationId) }),
    },
    compensation: {
      command: ({ data }) => ({ type: 'warehouse.release', data: { reservationId: data.reservationId } }),
      retry: RetryPolicies.compensation,
    },
    timeoutMs: 5_000,
  })
  .step('book', {
    participant: 'delivery',
    command: ({ data }) => ({
      type: 'delivery.book',
      data: { orderId: data.orderId, address: data.address },
    }),
    onReply: {
      success: 'delivery.booked',
      failure: ['delivery.noSlot'],
      apply: (data, reply) => ({ ...data, bookingId: String(reply.data.bookingId) }),
    },
    compensation: {
      // May run after a timeout, when no bookingId came back: name the booking by its command id.
      command: ({ data, forwardCommandId }) => ({
        type: 'delivery.cancel',
        data: { orderId: data.orderId, bookingCommandId: forwardCommandId },
      }),
    },
    timeoutMs: 5_000,
    retry: { incidentAfterAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 1_500, multiplier: 2, jitter: 0 },
    deadlineMs: 12_000,
  })
  .build();

export const checkoutData: CheckoutData = {
  orderId: 'o-1',
  holdId: 'h-1',
  itemId: 'i-1',
  address: 'Main St 1',
};
