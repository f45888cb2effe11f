import type { LotStatus } from './lot';

/** Where a bidder stands on a lot they bid on. */
export type BidderPosition = 'LEADING' | 'OUTBID' | 'WON' | 'LOST';

export interface PositionInput {
  status: LotStatus;
  leaderId: string | null;
  outcome: 'SOLD' | 'UNSOLD' | null;
}

/**
 * Open: LEADING while they hold the lead, else OUTBID. Closed: WON when it sold to them, else LOST
 * (outbid, or the reserve was not met).
 */
export function bidderPosition(lot: PositionInput, bidderId: string): BidderPosition {
  const leads = lot.leaderId === bidderId;
  if (lot.status === 'OPEN') return leads ? 'LEADING' : 'OUTBID';
  return leads && lot.outcome === 'SOLD' ? 'WON' : 'LOST';
}
