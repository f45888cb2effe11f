import type { NotificationKind } from '../domain/notification';

/**
 * Published through this service's outbox after a notification is stored (topic `notification.events`,
 * key = userId) so the gateway can push it to the user's open sockets.
 */
export const NOTIFICATION_EVENTS_TOPIC = 'notification.events';

export interface NotificationCreatedData {
  userId: string;
  notification: { id: string; kind: NotificationKind; title: string; body: string; createdAt: string };
}

export type NotificationCreated = { type: 'NotificationCreated'; data: NotificationCreatedData };
