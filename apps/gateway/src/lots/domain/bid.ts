import { randomUUID } from 'node:crypto';
import { uuidV5 } from '@app/common';
import type { BidView } from '@app/contracts';

/** The gateway's UUID namespace for bid ids derived from Idempotency-Keys (fixed forever). */
export const BID_ID_NAMESPACE = 'c9a7e3b2-1f4d-4e6a-8b5c-7d2e9f0a1b3c';

/** Stable for (bidder, Idempotency-Key), so a retried request names the same bid; random without a key. */
export function bidIdFor(bidderId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey === undefined
    ? randomUUID()
    : uuidV5(`bid\n${bidderId}\n${idempotencyKey}`, BID_ID_NAMESPACE);
}

/** The orchestrator's answer to GET /bids/:id as a bid view (libs/contracts), if it has a bid's id and status. */
export function asBidView(body: unknown): BidView | undefined {
  const b = body as Partial<BidView> | null;
  return typeof b === 'object' && b !== null && typeof b.bidId === 'string' && typeof b.status === 'string'
    ? (b as BidView)
    : undefined;
}

/** The wallet did not hold the funds before the bid's deadline: nothing was placed, the bidder may try again. */
export const BID_NOT_PLACED = {
  cause: 'SAGA.STEP_TIMEOUT',
  code: 'BID.NOT_PLACED',
  retryAfterSeconds: 5,
} as const;

/**
 * The HTTP status of a rejected bid by its failure code: outbid or closed → 409, no money → 402,
 * own lot or an unusable bid → 422, unknown lot → 404, funds not held in time → 503 (try again);
 * anything else → 409.
 */
export function rejectionStatus(code: string | undefined): number {
  switch (code) {
    case BID_NOT_PLACED.cause:
      return 503;
    case 'LOT.BID_TOO_LOW':
    case 'LOT.CLOSED':
      return 409;
    case 'WALLET.INSUFFICIENT_FUNDS':
    case 'WALLET.NOT_FOUND':
      return 402;
    case 'LOT.OWN_LOT':
      return 422;
    case 'LOT.NOT_FOUND':
      return 404;
    default:
      return 409;
  }
}
