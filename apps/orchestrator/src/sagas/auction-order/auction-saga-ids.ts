import { createHash } from 'node:crypto';

/** The orchestrator's UUID namespace for ids derived from lot ids (fixed forever). */
export const AUCTION_ID_NAMESPACE = '8f6b2a1c-4d3e-4b5a-9c7d-2e1f0a9b8c7d';

/** A name-based (version 5, SHA-1) UUID per RFC 9562. */
export function uuidV5(name: string, namespace: string = AUCTION_ID_NAMESPACE): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The order of a sold lot: one lot, one order, whatever the redeliveries. */
export const auctionOrderId = (lotId: string): string => uuidV5(`auction-order\n${lotId}`);

/** The saga releasing an unsold lot's leading hold. */
export const auctionHoldReleaseId = (lotId: string): string => uuidV5(`auction-hold-release\n${lotId}`);
