/**
 * The PlaceBid saga (orchestrator) and the lot participant's commands.
 *
 *   step                 participant  command             success reply      failure reply     compensation
 *   holdFunds            wallet       wallet.placeHold    wallet.holdPlaced  wallet.holdRejected wallet.releaseHold
 *   acceptBid            lot          lot.acceptBid       lot.bidAccepted    lot.bidRejected    (none: a rejected bid changed nothing)
 *   releasePreviousHold  wallet       wallet.releaseHold  wallet.holdReleased (always success; no-op when there was no previous leader)
 *
 * `wallet.placeHold` uses reference `bid:<bidId>`; a rejection of the bid releases this bid's hold by
 * compensating holdFunds. Rejection codes: LOT.CLOSED, LOT.BID_TOO_LOW (outbid meanwhile), LOT.OWN_LOT,
 * LOT.NOT_FOUND.
 */
export interface AcceptBidData {
  lotId: string;
  bidId: string;
  bidderId: string;
  amount: string;
  holdId: string;
  /** Proxy bidding: the most the bidder is willing to pay; the lot bids for them up to it. */
  maxAmount?: string;
}

export interface BidAcceptedData {
  lotId: string;
  bidId: string;
  amount: string;
  /** The hold of the leader this bid replaced, to release; absent for the first bid. */
  previousHoldId?: string;
  previousLeaderId?: string;
  endsAt: string;
}

export interface BidRejectedData {
  lotId: string;
  bidId: string;
  /** The current price when the bid was rejected. */
  currentPrice?: string;
  minimumNextBid?: string;
}

export const BidSagaMessages = {
  acceptBid: 'lot.acceptBid',
  bidAccepted: 'lot.bidAccepted',
  bidRejected: 'lot.bidRejected',
} as const;

export const BidFailureCodes = {
  closed: 'LOT.CLOSED',
  tooLow: 'LOT.BID_TOO_LOW',
  ownLot: 'LOT.OWN_LOT',
  notFound: 'LOT.NOT_FOUND',
} as const;
