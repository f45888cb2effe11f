import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { LotCreated, OnFailedSale, Topics } from '@app/contracts';
import type { OutboxMessage } from '@app/outbox';
import { fromIncrement } from '../domain/lot';
import { Increment } from '../domain/pricing';
import { incrementOf, LOT_COLUMNS, LotRow } from './lot.rows';

/** A lot to open: a new listing, or the relist of one whose sale failed (`relistedFromLotId`). */
export interface LotListing {
  sellerId: string;
  title: string;
  description: string;
  sku: string;
  startPrice: bigint;
  increment: Increment;
  reservePrice: bigint | null;
  buyNowPrice: bigint | null;
  endsAt: Date;
  softCloseWindowS: number;
  softCloseExtensionS: number;
  onFailedSale: OnFailedSale;
  relistedFromLotId?: string;
}

/** Inserts an OPEN lot and returns its row with LotCreated (lot.events, key lotId) for the same transaction's outbox. */
export async function openLot(
  manager: Pick<EntityManager, 'query'>,
  l: LotListing,
): Promise<{ row: LotRow; created: OutboxMessage }> {
  const incValue = l.increment.kind === 'absolute' ? l.increment.minor : l.increment.basisPoints;
  const rows: LotRow[] = await manager.query(
    `INSERT INTO lots (id, seller_id, title, description, sku, start_price, increment_kind, increment_value, reserve_price,
       buy_now_price, ends_at, soft_close_window_s, soft_close_extension_s, on_failed_sale, relisted_from_lot_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${LOT_COLUMNS}`,
    [
      randomUUID(),
      l.sellerId,
      l.title,
      l.description,
      l.sku,
      l.startPrice.toString(),
      l.increment.kind,
      incValue.toString(),
      l.reservePrice?.toString() ?? null,
      l.buyNowPrice?.toString() ?? null,
      l.endsAt,
      l.softCloseWindowS,
      l.softCloseExtensionS,
      l.onFailedSale,
      l.relistedFromLotId ?? null,
    ],
  );
  const row = rows[0];
  const event: LotCreated = {
    type: 'LotCreated',
    data: {
      lotId: row.id,
      sellerId: row.seller_id,
      title: row.title,
      description: row.description,
      sku: row.sku,
      startPrice: row.start_price,
      increment: fromIncrement(incrementOf(row)),
      ...(row.reserve_price ? { reservePrice: row.reserve_price } : {}),
      ...(row.buy_now_price ? { buyNowPrice: row.buy_now_price } : {}),
      endsAt: row.ends_at.toISOString(),
      softCloseWindowS: row.soft_close_window_s,
      softCloseExtensionS: row.soft_close_extension_s,
      onFailedSale: row.on_failed_sale,
      ...(row.relisted_from_lot_id ? { relistedFromLotId: row.relisted_from_lot_id } : {}),
    },
  };
  return { row, created: { topic: Topics.lotEvents, key: row.id, ...event } };
}
