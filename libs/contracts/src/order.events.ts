/**
 * Order domain events, published by the orchestrator when an Order saga ends (topic `order.events`,
 * key = orderId). Money is integer minor units as decimal strings.
 *
 * `lotId` (optional, added in schema v1 without breaking it): set when the order is an auction
 * winner's (AuctionOrder saga), so the lot service learns how its sale ended. Absent on plain orders
 * and on messages published before it existed.
 */
export interface OrderCompletedData {
  orderId: string;
  lotId?: string;
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
  lotId?: string;
  buyerId: string;
  sellerId: string;
  amount: string;
  /** Human-readable reason, e.g. "no stock for sku X". */
  reason: string;
  /** Stable code, e.g. WAREHOUSE.OUT_OF_STOCK or SAGA.STEP_TIMEOUT. */
  code: string;
}

/** A participant refused a compensation: ops must act (the saga waits in COMPENSATION_FAILED). */
export interface SagaCompensationFailedData {
  sagaId: string;
  sagaType: string;
  step: string;
  reason: string;
  orderId?: string;
  buyerId?: string;
}

/**
 * A saga's command has gone unanswered for `attempts` attempts (SagaIncidentRaised; the saga keeps
 * retrying) or the incident is over (SagaIncidentResolved, `reason` = how: answered, refused, operator,
 * deadline, ended). Published on saga.alerts for every saga type, key = sagaId.
 */
export interface SagaIncidentData {
  sagaId: string;
  sagaType: string;
  step: string;
  commandId: string;
  attempts?: number;
  reason: string;
}

export type SagaIncidentRaised = { type: 'SagaIncidentRaised'; data: SagaIncidentData };
export type SagaIncidentResolved = { type: 'SagaIncidentResolved'; data: SagaIncidentData };
export type SagaIncidentEvent = SagaIncidentRaised | SagaIncidentResolved;

export const SagaIncidentSchema = {
  $id: 'saga.SagaIncident.v1',
  type: 'object',
  required: ['sagaId', 'sagaType', 'step', 'commandId', 'reason'],
  properties: {
    sagaId: { type: 'string', minLength: 1, maxLength: 255 },
    sagaType: { type: 'string', minLength: 1, maxLength: 64 },
    step: { type: 'string', minLength: 1, maxLength: 64 },
    commandId: { type: 'string', minLength: 1, maxLength: 255 },
    attempts: { type: 'integer', minimum: 1 },
    reason: { type: 'string', maxLength: 2000 },
  },
} as const;

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
const lotId = { type: 'string', minLength: 1, maxLength: 64 } as const;

export const OrderCompletedSchema = {
  $id: 'order.OrderCompleted.v1',
  type: 'object',
  required: ['orderId', 'buyerId', 'sellerId', 'sku', 'quantity', 'amount'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 64 },
    lotId,
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

/** On order.events (an Order saga) or saga.alerts (any other saga type): the same message, one schema. */
export const SagaCompensationFailedSchema = {
  $id: 'order.SagaCompensationFailed.v1',
  type: 'object',
  required: ['sagaId', 'sagaType', 'step', 'reason'],
  properties: {
    sagaId: { type: 'string', minLength: 1, maxLength: 255 },
    sagaType: { type: 'string', minLength: 1, maxLength: 64 },
    step: { type: 'string', minLength: 1, maxLength: 64 },
    reason: { type: 'string', maxLength: 2000 },
    orderId: { type: 'string', minLength: 1, maxLength: 64 },
    buyerId: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

export const OrderCancelledSchema = {
  $id: 'order.OrderCancelled.v1',
  type: 'object',
  required: ['orderId', 'buyerId', 'sellerId', 'amount', 'reason', 'code'],
  properties: {
    orderId: { type: 'string', minLength: 1, maxLength: 64 },
    lotId,
    buyerId: { type: 'string', minLength: 1, maxLength: 64 },
    sellerId: { type: 'string', minLength: 1, maxLength: 64 },
    amount: minorUnits,
    reason: { type: 'string', maxLength: 2000 },
    code: { type: 'string', minLength: 1, maxLength: 128 },
  },
} as const;
