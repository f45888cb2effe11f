/**
 * The buyer-facing view of an order (OrderView, libs/contracts), derived from its saga (COMPENSATED
 * reads as CANCELLED).
 */
import type { OrderStatus, OrderView } from '@app/contracts';
import type { SagaStatus } from '@app/saga';
import { OrderData } from './order.saga';

export function orderStatusOf(status: SagaStatus): OrderStatus {
  switch (status) {
    case 'NEW':
    case 'RUNNING':
    case 'COMPENSATING':
      return 'PENDING';
    case 'COMPLETED':
      return 'COMPLETED';
    case 'COMPENSATED':
      return 'CANCELLED';
    case 'COMPENSATION_FAILED':
      return 'COMPENSATION_FAILED';
    case 'ABORTED':
      return 'ABORTED';
    default: {
      const _exhaustive: never = status;
      return _exhaustive;
    }
  }
}

export interface OrderSagaRow {
  status: SagaStatus;
  step: string | null;
  data: OrderData;
  failure: { reason: string; code: string } | null;
  createdAt: string;
  updatedAt: string;
}

export function toOrderView(row: OrderSagaRow): OrderView {
  const { data, failure } = row;
  return {
    orderId: data.orderId,
    status: orderStatusOf(row.status),
    sagaStatus: row.status,
    step: row.step,
    reason: failure?.reason ?? null,
    code: failure?.code ?? null,
    buyerId: data.buyerId,
    sellerId: data.sellerId,
    sku: data.sku,
    quantity: data.quantity,
    amount: data.amount,
    address: data.address,
    paymentId: data.paymentId ?? null,
    reservationId: data.reservationId ?? null,
    bookingId: data.bookingId ?? null,
    feeBps: data.feeBps ?? null,
    fee: data.fee ?? null,
    payout: data.payout ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
