import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@app/common';
import type { MessageMetadata } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import type { NotificationDraft } from '../domain/notification';
import { NOTIFICATION_EVENTS_TOPIC, NotificationCreatedData } from './notification-created.event';

/**
 * Stores notifications in the caller's transaction (one per user per source event: a second one is a
 * no-op) and announces each new one as `NotificationCreated` through the outbox. Returns the new ids.
 */
export async function storeNotifications(
  manager: EntityManager,
  drafts: readonly NotificationDraft[],
  source: MessageMetadata,
): Promise<string[]> {
  const created: NotificationCreatedData[] = [];
  for (const draft of drafts) {
    const { rows } = await preparedQuery<{ id: string; created_at: Date }>(
      manager,
      'notification_insert',
      `INSERT INTO notifications (id, user_id, kind, title, body, data, source_message_id, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, source_message_id) DO NOTHING
       RETURNING id, created_at`,
      [
        randomUUID(),
        draft.userId,
        draft.kind,
        draft.title,
        draft.body,
        JSON.stringify(draft.data ?? null),
        source.messageId,
        source.correlationId,
      ],
    );
    if (rows.length === 0) continue;
    const { id, created_at } = rows[0];
    created.push({
      userId: draft.userId,
      notification: {
        id,
        kind: draft.kind,
        title: draft.title,
        body: draft.body,
        createdAt: created_at.toISOString(),
      },
    });
  }
  await appendToOutbox(
    manager,
    created.map((data) => ({
      topic: NOTIFICATION_EVENTS_TOPIC,
      key: data.userId,
      type: 'NotificationCreated',
      data,
    })),
  );
  return created.map((c) => c.notification.id);
}

export async function storeNotification(
  manager: EntityManager,
  draft: NotificationDraft,
  source: MessageMetadata,
): Promise<string[]> {
  return storeNotifications(manager, [draft], source);
}
