import type { EntityManager } from 'typeorm';
import type { MessageMetadata } from '@app/contracts';
import type { NotificationDraft } from '../domain/notification';
import { storeNotifications } from './notification.store';

export interface AdminRecord {
  userId: string;
  email: string;
  displayName: string;
}

/** Admins as learned from `UserRegistered` (role admin): who hears about failed compensations. */
export async function recordAdmin(manager: EntityManager, admin: AdminRecord): Promise<void> {
  await manager.query(
    `INSERT INTO admins (user_id, email, display_name) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name`,
    [admin.userId, admin.email, admin.displayName],
  );
}

export async function adminIds(manager: EntityManager): Promise<string[]> {
  const rows: { user_id: string }[] = await manager.query(`SELECT user_id FROM admins ORDER BY user_id`);
  return rows.map((r) => r.user_id);
}

/**
 * Stores the notifications `draftsFor` makes for every admin known so far, in the caller's transaction.
 * False, and nothing stored, when no admin is known yet (the caller says so in its log).
 */
export async function notifyAdmins(
  manager: EntityManager,
  draftsFor: (admins: readonly string[]) => NotificationDraft[],
  source: MessageMetadata,
): Promise<boolean> {
  const admins = await adminIds(manager);
  if (admins.length === 0) return false;
  await storeNotifications(manager, draftsFor(admins), source);
  return true;
}
