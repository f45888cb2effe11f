/**
 * Domain events of the warehouse (topic `warehouse.events`, key = sku). Quantities are plain
 * integers (units, not money). `available` is on_hand − reserved after the change.
 */
export const WarehouseEventsTopic = 'warehouse.events';

export interface ItemCreatedData {
  sku: string;
  title: string;
  sellerId: string;
  onHand: number;
}

export interface StockAdjustedData {
  sku: string;
  previousOnHand: number;
  onHand: number;
  reserved: number;
  available: number;
}

/** Named `...EventData` to stay apart from the saga reply's `StockReservedData`. */
export interface StockReservedEventData {
  reservationId: string;
  orderId: string;
  sku: string;
  quantity: number;
  available: number;
}

export interface StockReleasedEventData {
  reservationId: string;
  orderId: string;
  sku: string;
  quantity: number;
  available: number;
}

export type ItemCreated = { type: 'ItemCreated'; data: ItemCreatedData };
export type StockAdjusted = { type: 'StockAdjusted'; data: StockAdjustedData };
export type StockReserved = { type: 'StockReserved'; data: StockReservedEventData };
export type StockReleased = { type: 'StockReleased'; data: StockReleasedEventData };

export type WarehouseEvent = ItemCreated | StockAdjusted | StockReserved | StockReleased;

const units = { type: 'integer', minimum: 0 } as const;
const id = { type: 'string', minLength: 1, maxLength: 64 } as const;

export const ItemCreatedSchema = {
  $id: 'warehouse.ItemCreated.v1',
  type: 'object',
  required: ['sku', 'title', 'sellerId', 'onHand'],
  properties: {
    sku: id,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    sellerId: id,
    onHand: units,
  },
} as const;

export const StockAdjustedSchema = {
  $id: 'warehouse.StockAdjusted.v1',
  type: 'object',
  required: ['sku', 'previousOnHand', 'onHand', 'reserved', 'available'],
  properties: { sku: id, previousOnHand: units, onHand: units, reserved: units, available: units },
} as const;

const reservationChange = {
  type: 'object',
  required: ['reservationId', 'orderId', 'sku', 'quantity', 'available'],
  properties: {
    reservationId: { type: 'string', minLength: 1, maxLength: 64 },
    orderId: { type: 'string', minLength: 1, maxLength: 255 },
    sku: id,
    quantity: { type: 'integer', minimum: 1 },
    available: units,
  },
} as const;

export const StockReservedSchema = { $id: 'warehouse.StockReserved.v1', ...reservationChange } as const;
export const StockReleasedSchema = { $id: 'warehouse.StockReleased.v1', ...reservationChange } as const;
