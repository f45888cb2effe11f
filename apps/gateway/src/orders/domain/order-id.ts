import { createHash, randomUUID } from 'node:crypto';

/** The gateway's own UUID namespace for order ids derived from Idempotency-Keys (fixed forever). */
export const ORDER_ID_NAMESPACE = '3d0c5a8e-7b41-4f5e-9c2a-8e61f0b7d4a9';

/** A name-based (version 5, SHA-1) UUID per RFC 9562. */
export function uuidV5(name: string, namespace: string): string {
  const ns = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new Error(`invalid namespace UUID: ${namespace}`);
  const bytes = createHash('sha1')
    .update(Buffer.from(ns, 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
