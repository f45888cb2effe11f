import { DomainError } from '@app/common';
import type { OrderStatus, OrderView } from '@app/contracts';
import type { AuthUser } from '../../auth/domain/user';

/** Statuses after which an order never changes. */
export const TERMINAL_ORDER_STATUSES = ['COMPLETED', 'CANCELLED'] as const satisfies readonly OrderStatus[];

/** The orchestrator's answer to GET /orders/:id as an order view (libs/contracts), if it is an object. */
export function asOrderView(body: unknown): OrderView | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as OrderView) : undefined;
}

export function isTerminal(order: OrderView | undefined): boolean {
  return order !== undefined && (TERMINAL_ORDER_STATUSES as readonly unknown[]).includes(order.status);
}

/** What the seller sees of an order for their lot: its progress and amount, not where it goes or how it was paid. */
export type SaleOrderView = Omit<OrderView, 'address' | 'paymentId'>;

/**
 * An order as `caller` may read it: whole for its buyer or an admin; for its seller, without the buyer's
 * address and payment; undefined for anyone else (who must not learn that it exists).
 */
export function orderAsSeenBy(caller: AuthUser, order: OrderView): OrderView | SaleOrderView | undefined {
  if (caller.roles.includes('admin') || order.buyerId === caller.userId) return order;
  if (order.sellerId !== caller.userId) return undefined;
  const { address: _address, paymentId: _paymentId, ...sale } = order;
  return sale;
}

export const OrderErrors = {
  notFound: (orderId: string) =>
    new DomainError('ORDER.NOT_FOUND', `Order ${orderId} not found`, 'not_found'),
  noLotOrder: (lotId: string) => new DomainError('ORDER.NOT_FOUND', `No order for lot ${lotId}`, 'not_found'),
};
