import { DomainError } from '@app/common';

/** Statuses after which an order never changes. */
export const TERMINAL_ORDER_STATUSES = ['COMPLETED', 'CANCELLED'] as const;

/** The orchestrator's view of an order, as far as the gateway relies on it. */
export interface OrderView {
  orderId?: string;
  buyerId?: string;
  status?: string;
  [field: string]: unknown;
}

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
