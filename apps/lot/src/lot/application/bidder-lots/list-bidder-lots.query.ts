import type { BidderPosition } from '../../domain/bidder-position';
import type { LotView } from '../../domain/lot';

export class ListBidderLotsQuery {
  constructor(
    readonly bidderId: string,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

/** A lot the bidder bid on, with their own highest bid and where they stand. */
export interface BidderLotView {
  lot: LotView;
  /** The bidder's highest bid on the lot (proxy bids placed for them included), minor units. */
  highestBid: string;
  /** The highest maximum they set for proxy bidding, when they set one. */
  maxAmount?: string;
  bidCount: number;
  lastBidAt: string;
  leading: boolean;
  position: BidderPosition;
}

export interface BidderLotPage {
  lots: BidderLotView[];
  total: number;
}
