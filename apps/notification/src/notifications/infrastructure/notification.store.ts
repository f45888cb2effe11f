import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { MessageMetadata } from '@app/contracts';
import type { NotificationDraft } from '../domain/notification';

/** Stores a notification; a second one for the same user and source event is a no-op. */
export async function storeNotification(
  manager: EntityManager,
  draft: NotificationDraft,
  source: MessageMetadata,
): Promise<void> {
  await manager.query(
    `INSERT INTO notifications (id, user_id, kind, title, body, data, source_message_id, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, source_message_id) DO NOTHING`,
    [randomUUID(), draft.userId, draft.kind, draft.title, draft.body, JSON.stringify(draft.data), source.messageId, source.correlationId],
  );
}
