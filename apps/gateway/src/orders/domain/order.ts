import { DomainError } from '@app/common';
import type { OrderStatus, OrderView } from '@app/contracts';

/** Statuses after which an order never changes. */
export const TERMINAL_ORDER_STATUSES = ['COMPLETED', 'CANCELLED'] as const satisfies readonly OrderStatus[];

/** The orchestrator's answer to GET /orders/:id as an order view (libs/contracts), if it is an object. */
export function asOrderView(body: unknown): OrderView | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as OrderView) : undefined;
}

export function isTerminal(order: OrderView | undefined): boolean {
  return order !== undefined && (TERMINAL_ORDER_STATUSES as readonly unknown[]).includes(order.status);
}

export const OrderErrors = {
  notFound: (orderId: string) =>
    new DomainError('ORDER.NOT_FOUND', `Order ${orderId} not found`, 'not_found'),
};
