/**
 * The Order domain events a saga transition produces: OrderCompleted / OrderCancelled when the saga
 * ends, SagaCompensationFailed when a compensation gives up. Pure: the runner writes them to the outbox.
 */
import { OrderCancelled, OrderCompleted, OrderEvent, SagaCompensationFailed, Topics } from '@app/contracts';
import type { RaiseAlert, SagaState } from '@app/saga';
import { OrderData } from './order.saga';

export const ORDER_EVENTS_TOPIC = Topics.orderEvents;

/** An auction winner's order (AuctionOrder saga) also knows its lot; a plain Order does not. */
type OutcomeData = OrderData & { lotId?: string };

export function orderOutcomeEvents(before: SagaState, after: SagaState): OrderEvent[] {
  if (before.status === after.status) return [];
  const data = after.data as OutcomeData;
  const lot = data.lotId ? { lotId: data.lotId } : {};
  if (after.status === 'COMPLETED') {
    const completed: OrderCompleted = {
      type: 'OrderCompleted',
      data: {
        orderId: data.orderId,
        ...lot,
        buyerId: data.buyerId,
        sellerId: data.sellerId,
        sku: data.sku,
        quantity: data.quantity,
        amount: data.amount,
        ...(data.paymentId ? { paymentId: data.paymentId } : {}),
        ...(data.reservationId ? { reservationId: data.reservationId } : {}),
        ...(data.bookingId ? { bookingId: data.bookingId } : {}),
      },
    };
    return [completed];
  }
  if (after.status === 'COMPENSATED') {
    const cancelled: OrderCancelled = {
      type: 'OrderCancelled',
      data: {
        orderId: data.orderId,
        ...lot,
        buyerId: data.buyerId,
        sellerId: data.sellerId,
        amount: data.amount,
        reason: after.failure?.reason ?? 'cancelled',
        code: after.failure?.code ?? 'SAGA.COMPENSATED',
      },
    };
    return [cancelled];
  }
  return [];
}

export function orderAlertEvent(state: SagaState, alert: RaiseAlert): SagaCompensationFailed {
  const data = state.data as Partial<OrderData>;
  return {
    type: 'SagaCompensationFailed',
    data: {
      sagaId: alert.sagaId,
      sagaType: alert.sagaType,
      step: alert.step,
      reason: alert.reason,
      ...(data.orderId ? { orderId: data.orderId } : {}),
      ...(data.buyerId ? { buyerId: data.buyerId } : {}),
    },
  };
}
