import { randomUUID } from 'node:crypto';
import { uuidV5 } from '@app/common';

/** The gateway's own UUID namespace for order ids derived from Idempotency-Keys (fixed forever). */
export const ORDER_ID_NAMESPACE = '3d0c5a8e-7b41-4f5e-9c2a-8e61f0b7d4a9';

/**
 * The order id for a buyer's request: stable for (buyer, Idempotency-Key), so a retried request
 * names the same order; random without a key. The buyer is part of the name, so two buyers using
 * the same key never collide.
 */
export function orderIdFor(buyerId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined
    ? randomUUID()
    : uuidV5(`order\n${buyerId}\n${idempotencyKey}`, ORDER_ID_NAMESPACE);
}
