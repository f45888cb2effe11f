import type { EntityManager } from 'typeorm';
import { Topics, WalletEvent } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';

/** Appends a wallet domain event (keyed by the user) to the outbox in the caller's transaction. */
export async function publishWalletEvent(
  manager: EntityManager,
  userId: string,
  event: WalletEvent,
): Promise<void> {
  await appendToOutbox(manager, [
    { topic: Topics.walletEvents, key: userId, type: event.type, data: event.data },
  ]);
}
