import { AuctionExtended, BidPlaced, Outbid, Topics } from '@app/contracts';
import type { OutboxMessage } from '@app/outbox';
import { LotRow, nextBidOf } from './lot.rows';

/** Events of one lot on lot.events (key = lotId, so they stay in order), as the bid paths publish them. */
export const lotEvent = (lotId: string, e: BidPlaced | Outbid | AuctionExtended): OutboxMessage => ({
  topic: Topics.lotEvents,
  key: lotId,
  ...e,
});

export function bidPlaced(
  after: LotRow,
  bidId: string,
  bidderId: string,
  amount: bigint,
  now: Date,
  proxy: boolean,
): BidPlaced {
  return {
    type: 'BidPlaced',
    data: {
      lotId: after.id,
      bidId,
      bidderId,
      amount: amount.toString(),
      minimumNextBid: nextBidOf(after).toString(),
      endsAt: after.ends_at.toISOString(),
      bidCount: after.bid_count,
      placedAt: now.toISOString(),
      proxy,
    },
  };
}
