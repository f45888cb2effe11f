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

export type ItemCreated = { type: 'ItemCreated'; data: ItemCreatedData };
export type StockAdjusted = { type: 'StockAdjusted'; data: StockAdjustedData };

export type WarehouseEvent = ItemCreated | StockAdjusted;
