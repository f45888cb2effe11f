import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LotCreatedData } from '@app/contracts';
import { AnnouncedLot } from '../domain/lot-announcement';

export interface LotRow {
  lot_id: string;
  title: string;
  start_price: string;
  buy_now_price: string | null;
  ends_at: Date;
}

export function toAnnouncedLot(row: LotRow): AnnouncedLot {
  return {
    lotId: row.lot_id,
    title: row.title,
    startPrice: row.start_price,
    buyNowPrice: row.buy_now_price,
    endsAt: new Date(row.ends_at),
  };
}

/** Lots the alerter learned from `lot.events`, and the deliveries each one fans out to. */
@Injectable()
export class LotRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a new lot, listed at `listedAt` (when its LotCreated reached Kafka, so /lots orders lots as they
   * were listed even when a backlog is read late); false when it was already known.
   */
  async insert(m: EntityManager, lot: LotCreatedData, listedAt: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO known_lots (lot_id, title, start_price, buy_now_price, ends_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (lot_id) DO NOTHING RETURNING lot_id`,
      [lot.lotId, lot.title, lot.startPrice, lot.buyNowPrice ?? null, lot.endsAt, listedAt],
    );
    return rows.length > 0;
  }

  /** One PENDING delivery per active subscriber, unless the lot has already ended. */
  async fanOut(m: EntityManager, lotId: string): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO deliveries (lot_id, chat_id)
       SELECT l.lot_id, s.chat_id FROM known_lots l CROSS JOIN subscribers s
       WHERE l.lot_id = $1 AND l.ends_at > now() AND l.closed_at IS NULL AND s.active
       ON CONFLICT (lot_id, chat_id) DO NOTHING RETURNING chat_id`,
      [lotId],
    );
    return rows.length;
  }

  async close(m: EntityManager, lotId: string, closedAt: string): Promise<void> {
    await m.query(`UPDATE known_lots SET closed_at = $2 WHERE lot_id = $1`, [lotId, closedAt]);
    await m.query(
      `UPDATE deliveries SET status = 'SKIPPED', last_error = 'AUCTION_CLOSED'
       WHERE lot_id = $1 AND status = 'PENDING'`,
      [lotId],
    );
  }

  async extend(m: EntityManager, lotId: string, endsAt: string): Promise<void> {
    await m.query(`UPDATE known_lots SET ends_at = $2 WHERE lot_id = $1 AND closed_at IS NULL`, [
      lotId,
      endsAt,
    ]);
  }

  async latestOpen(limit: number): Promise<AnnouncedLot[]> {
    const rows: LotRow[] = await this.dataSource.query(
      `SELECT lot_id, title, start_price::text, buy_now_price::text, ends_at FROM known_lots
       WHERE closed_at IS NULL AND ends_at > now() ORDER BY created_at DESC, lot_id LIMIT $1`,
      [limit],
    );
    return rows.map(toAnnouncedLot);
  }
}
