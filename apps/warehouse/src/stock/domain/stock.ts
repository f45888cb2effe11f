/** Stock rules. Quantities are whole units; available = on_hand − reserved and never negative. */
export type ReservationStatus = 'ACTIVE' | 'RELEASED' | 'SHIPPED';

export const SKU_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const SELLER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_ON_HAND = 1_000_000;

export interface StockLevel {
  onHand: number;
  reserved: number;
}

export interface ItemView extends StockLevel {
  sku: string;
  title: string;
  sellerId: string;
  available: number;
}

export function available(level: StockLevel): number {
  return level.onHand - level.reserved;
}

/** Stock can be set to any level that still covers what active reservations hold. */
export function canSetOnHand(level: StockLevel, onHand: number): boolean {
  return Number.isInteger(onHand) && onHand >= level.reserved && onHand <= MAX_ON_HAND;
}
