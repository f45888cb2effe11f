import type { DeliveryAddress } from '@app/contracts';

/** A bid as the desk takes it (from POST /lots/:id/bids). Money is integer minor units. */
export interface BidRequest {
  bidId: string;
  lotId: string;
  bidderId: string;
  amount: bigint;
  maxAmount: bigint | null;
  address?: DeliveryAddress;
}

/** The bid leads at `amount` (proxy bidding may place less than the bidder's maximum). */
export interface AcceptedAnswer {
  status: 'ACCEPTED';
  bidId: string;
  lotId: string;
  bidderId: string;
  amount: string;
  minimumNextBid: string;
  endsAt: string;
  decidedAt: string;
}

export interface RejectedAnswer {
  status: 'REJECTED';
  bidId: string;
  lotId: string;
  bidderId: string;
  amount: string;
  code: string;
  reason: string;
  details: Record<string, string>;
  decidedAt: string;
}

export type BidAnswer = AcceptedAnswer | RejectedAnswer;
