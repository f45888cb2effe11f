/**
 * The Order saga, version 1: hold the buyer's funds, charge, reserve stock, book delivery, capture.
 * A refusal anywhere compensates the completed steps in reverse; captureFunds is the pivot (no
 * compensation, retried until it succeeds). A participant that does not answer only delays the order
 * (unless GAVEL_ORDER_STEP_DEADLINE_MS sets a business deadline). Message names: `@app/contracts`.
 */
import {
  BookDeliveryData,
  CancelDeliveryData,
  CaptureHoldData,
  ChargeData,
  DeliveryAddress,
  OrderSagaMessages as M,
  PlaceHoldData,
  RefundData,
  ReleaseHoldData,
  ReleaseStockData,
  ReserveStockData,
} from '@app/contracts';
import { defineSaga, replyText, SagaDefinition } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';

export const ORDER_SAGA = 'Order';

export interface OrderData {
  orderId: string;
  buyerId: string;
  sellerId: string;
  sku: string;
  quantity: number;
  /** Integer minor units as a decimal string. */
  amount: string;
  address: DeliveryAddress;
  holdId?: string;
  paymentId?: string;
  reservationId?: string;
  bookingId?: string;
}

export const OrderSteps = {
  reserveFunds: 'reserveFunds',
  charge: 'charge',
  reserveStock: 'reserveStock',
  bookDelivery: 'bookDelivery',
  captureFunds: 'captureFunds',
} as const;

export function buildOrderSagaV1(p: SagaPolicies = sagaPolicies()): SagaDefinition<OrderData> {
  const forward = {
    timeoutMs: p.stepTimeoutMs,
    retry: p.forwardRetry,
    ...(p.orderStepDeadlineMs !== undefined ? { deadlineMs: p.orderStepDeadlineMs } : {}),
  };
  const compensation = { timeoutMs: p.compensationTimeoutMs, retry: p.compensationRetry };
  return defineSaga<OrderData>(ORDER_SAGA, 1)
    .step(OrderSteps.reserveFunds, {
      participant: 'wallet',
      command: ({ data }) => ({
        type: M.wallet.placeHold,
        data: {
          userId: data.buyerId,
          amount: data.amount,
          reference: `order:${data.orderId}`,
        } satisfies PlaceHoldData,
      }),
      onReply: {
        success: M.wallet.holdPlaced,
        failure: M.wallet.holdRejected,
        apply: (data, reply) => ({ ...data, holdId: replyText(reply, 'holdId', data.holdId) }),
      },
      compensation: {
        ...compensation,
        command: ({ data, forwardCommandId }) => ({
          type: M.wallet.releaseHold,
          data: {
            forwardCommandId,
            ...(data.holdId ? { holdId: data.holdId } : {}),
          } satisfies ReleaseHoldData,
        }),
      },
      ...forward,
    })
    .step(OrderSteps.charge, {
      participant: 'payment',
      command: ({ data }) => ({
        type: M.payment.charge,
        data: {
          orderId: data.orderId,
          buyerId: data.buyerId,
          sellerId: data.sellerId,
          holdId: data.holdId ?? '',
          amount: data.amount,
        } satisfies ChargeData,
      }),
      onReply: {
        success: M.payment.charged,
        failure: M.payment.declined,
        apply: (data, reply) => ({ ...data, paymentId: replyText(reply, 'paymentId', data.paymentId) }),
      },
      compensation: {
        ...compensation,
        command: ({ data, forwardCommandId }) => ({
          type: M.payment.refund,
          data: { orderId: data.orderId, forwardCommandId } satisfies RefundData,
        }),
      },
      ...forward,
    })
    .step(OrderSteps.reserveStock, {
      participant: 'warehouse',
      command: ({ data }) => ({
        type: M.warehouse.reserve,
        data: { orderId: data.orderId, sku: data.sku, quantity: data.quantity } satisfies ReserveStockData,
      }),
      onReply: {
        success: M.warehouse.reserved,
        failure: M.warehouse.rejected,
        apply: (data, reply) => ({
          ...data,
          reservationId: replyText(reply, 'reservationId', data.reservationId),
        }),
      },
      compensation: {
        ...compensation,
        command: ({ data, forwardCommandId }) => ({
          type: M.warehouse.release,
          data: { orderId: data.orderId, forwardCommandId } satisfies ReleaseStockData,
        }),
      },
      ...forward,
    })
    .step(OrderSteps.bookDelivery, {
      participant: 'delivery',
      command: ({ data }) => ({
        type: M.delivery.book,
        data: { orderId: data.orderId, address: data.address } satisfies BookDeliveryData,
      }),
      onReply: {
        success: M.delivery.booked,
        failure: M.delivery.rejected,
        apply: (data, reply) => ({ ...data, bookingId: replyText(reply, 'bookingId', data.bookingId) }),
      },
      compensation: {
        ...compensation,
        command: ({ data, forwardCommandId }) => ({
          type: M.delivery.cancel,
          data: { orderId: data.orderId, forwardCommandId } satisfies CancelDeliveryData,
        }),
      },
      ...forward,
    })
    .step(OrderSteps.captureFunds, {
      participant: 'wallet',
      command: ({ data }) => ({
        type: M.wallet.captureHold,
        data: { holdId: data.holdId ?? '', reference: `order:${data.orderId}` } satisfies CaptureHoldData,
      }),
      onReply: { success: M.wallet.holdCaptured },
      timeoutMs: p.stepTimeoutMs,
      retry: p.forwardRetry,
    })
    .build();
}
