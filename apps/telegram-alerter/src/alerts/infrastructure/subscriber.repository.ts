import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Subscriptions: one row per chat, kept (inactive) after /stop or a block. */
@Injectable()
export class SubscriberRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Activates the chat; returns whether it was already active. */
  async subscribe(chatId: string): Promise<boolean> {
    const rows: { was_active: boolean | null }[] = await this.dataSource.query(
      `WITH prev AS (SELECT active FROM subscribers WHERE chat_id = $1)
       INSERT INTO subscribers (chat_id, subscribed_at, active) VALUES ($1, now(), true)
       ON CONFLICT (chat_id) DO UPDATE SET
         active = true,
         subscribed_at = CASE WHEN subscribers.active THEN subscribers.subscribed_at ELSE now() END,
         updated_at = now()
       RETURNING (SELECT active FROM prev) AS was_active`,
      [chatId],
    );
    return rows[0]?.was_active === true;
  }

  /**
   * Deactivates the chat and skips what is still pending for it, in one transaction; returns whether
   * it was active.
   */
  deactivate(chatId: string, reason: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [, changed] = (await m.query(
        `UPDATE subscribers SET active = false, updated_at = now() WHERE chat_id = $1 AND active`,
        [chatId],
      )) as [unknown, number];
      await m.query(
        `UPDATE deliveries SET status = 'SKIPPED', last_error = $2 WHERE chat_id = $1 AND status = 'PENDING'`,
        [chatId, reason],
      );
      return changed > 0;
    });
  }
}
