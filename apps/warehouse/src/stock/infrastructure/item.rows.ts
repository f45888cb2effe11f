import { available, ItemView } from '../domain/stock';

/** An `items` row as returned by raw SQL (snake_case columns). */
export interface ItemRow {
  sku: string;
  title: string;
  seller_id: string;
  on_hand: number;
  reserved: number;
}

export const ITEM_COLUMNS = 'sku, title, seller_id, on_hand, reserved';

export function toItemView(row: ItemRow): ItemView {
  const level = { onHand: Number(row.on_hand), reserved: Number(row.reserved) };
  return { sku: row.sku, title: row.title, sellerId: row.seller_id, ...level, available: available(level) };
}
