/**
 * Order domain events, published by the orchestrator when an Order saga ends (topic `order.events`,
 * key = orderId). Money is integer minor units as decimal strings.
 */
export interface OrderCompletedData {
  orderId: string;
  buyerId: string;
  sellerId: string;
  sku: string;
  quantity: number;
  amount: string;
  paymentId?: string;
  reservationId?: string;
  bookingId?: string;
}

export interface OrderCancelledData {
  orderId: string;
  buyerId: string;
  sellerId: string;
  amount: string;
  /** Human-readable reason, e.g. "no stock for sku X". */
  reason: string;
  /** Stable code, e.g. WAREHOUSE.OUT_OF_STOCK or SAGA.STEP_TIMEOUT. */
  code: string;
}

/** A compensation gave up after its retries: ops must act (the saga waits in COMPENSATION_FAILED). */
export interface SagaCompensationFailedData {
  sagaId: string;
  sagaType: string;
  step: string;
  reason: string;
  orderId?: string;
  buyerId?: string;
}

export type OrderCompleted = { type: 'OrderCompleted'; data: OrderCompletedData };
export type OrderCancelled = { type: 'OrderCancelled'; data: OrderCancelledData };
export type SagaCompensationFailed = { type: 'SagaCompensationFailed'; data: SagaCompensationFailedData };

export type OrderEvent = OrderCompleted | OrderCancelled | SagaCompensationFailed;

export const OrderEventTypes = {
  completed: 'OrderCompleted',
  cancelled: 'OrderCancelled',
  compensationFailed: 'SagaCompensationFailed',
} as const;

const minorUnits = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;

export const OrderCompletedSchema = {
  $id: 'order.OrderCompleted.v1',
  type: 'object',
  required: ['orderId', 'buyerId', 'sellerId', 'sku', 'quantity', 'amount'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 64 },
    buyerId: { type: 'string', minLength: 1, maxLength: 64 },
    sellerId: { type: 'string', minLength: 1, maxLength: 64 },
    sku: { type: 'string', minLength: 1, maxLength: 64 },
    quantity: { type: 'integer', minimum: 1 },
    amount: minorUnits,
    paymentId: { type: 'string' },
    reservationId: { type: 'string' },
    bookingId: { type: 'string' },
  },
} as const;

export const OrderCancelledSchema = {
  $id: 'order.OrderCancelled.v1',
  type: 'object',
  required: ['orderId', 'buyerId', 'sellerId', 'amount', 'reason', 'code'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 64 },
    buyerId: { type: 'string', minLength: 1, maxLength: 64 },
    sellerId: { type: 'string', minLength: 1, maxLength: 64 },
    amount: minorUnits,
    reason: { type: 'string', maxLength: 2000 },
    code: { type: 'string', minLength: 1, maxLength: 128 },
  },
} as const;
