import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BroadcastPlan } from '../domain/broadcast-plan';
import { AnnouncedLot } from '../domain/lot-announcement';
import { LotRow, toAnnouncedLot } from './lot.repository';

export interface ClaimedDelivery {
  lotId: string;
  chatId: string;
  attempts: number;
  lot: AnnouncedLot;
}

interface ClaimRow extends LotRow {
  chat_id: string;
  attempts: number;
}

/**
 * The deliveries table as a work queue. A round claims due rows with FOR UPDATE SKIP LOCKED and
 * leases the chosen ones by pushing `next_attempt_at` past the lease, so a crashed sender's rows
 * come back by themselves once the lease expires, and concurrent senders never take the same row.
 */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  claim(
    scanLimit: number,
    leaseMs: number,
    plan: (candidates: ClaimedDelivery[]) => BroadcastPlan<ClaimedDelivery>,
  ): Promise<ClaimedDelivery[]> {
    return this.dataSource.transaction(async (m) => {
      const rows: ClaimRow[] = await m.query(
        `SELECT d.lot_id, d.chat_id::text AS chat_id, d.attempts,
                l.title, l.start_price::text, l.buy_now_price::text, l.ends_at
         FROM deliveries d JOIN known_lots l ON l.lot_id = d.lot_id
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
         ORDER BY d.next_attempt_at, d.created_at
         LIMIT $1 FOR UPDATE OF d SKIP LOCKED`,
        [scanLimit],
      );
      if (rows.length === 0) return [];
      const { send, defer } = plan(
        rows.map((r) => ({
          lotId: r.lot_id,
          chatId: r.chat_id,
          attempts: r.attempts,
          lot: toAnnouncedLot(r),
        })),
      );
      const moves = [
        ...send.map((d) => ({ d, delayMs: leaseMs })),
        ...defer.map(({ candidate, delayMs }) => ({ d: candidate, delayMs })),
      ];
      if (moves.length > 0) {
        await m.query(
          `UPDATE deliveries d SET next_attempt_at = now() + x.delay_ms * interval '1 millisecond'
           FROM unnest($1::text[], $2::bigint[], $3::int[]) AS x(lot_id, chat_id, delay_ms)
           WHERE d.lot_id = x.lot_id AND d.chat_id = x.chat_id`,
          [moves.map((x) => x.d.lotId), moves.map((x) => x.d.chatId), moves.map((x) => x.delayMs)],
        );
      }
      return send;
    });
  }

  /** Right after Telegram accepted the message. */
  async markSent(d: ClaimedDelivery, messageId: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries
       SET status = 'SENT', sent_at = now(), attempts = $3, telegram_message_id = $4, last_error = NULL
       WHERE lot_id = $1 AND chat_id = $2 AND status = 'PENDING'`,
      [d.lotId, d.chatId, d.attempts + 1, messageId],
    );
  }

  /** Back to the queue at `at` (epoch ms); `attempts` unchanged when the attempt does not count. */
  async reschedule(d: ClaimedDelivery, at: number, attempts: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET next_attempt_at = to_timestamp($3::double precision / 1000), attempts = $4, last_error = $5
       WHERE lot_id = $1 AND chat_id = $2 AND status = 'PENDING'`,
      [d.lotId, d.chatId, at, attempts, reason],
    );
  }

  async fail(d: ClaimedDelivery, attempts: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET status = 'FAILED', attempts = $3, last_error = $4
       WHERE lot_id = $1 AND chat_id = $2 AND status = 'PENDING'`,
      [d.lotId, d.chatId, attempts, reason],
    );
  }
}
