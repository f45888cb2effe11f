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
import { DataSchema, TEXT_ID } from './schema-fields';

export interface AcceptBidData {
  lotId: string;
  bidId: string;
  bidderId: string;
  amount: string;
  holdId: string;
  /** Proxy bidding: the most the bidder is willing to pay; the lot bids for them up to it. */
  maxAmount?: string;
}

const LOT_ID = { type: 'string', minLength: 1, maxLength: 64 } as const;
/** A bid's money: what the lot's bid desk accepts (at most 15 digits), positive. */
const BID_MONEY = { type: 'string', pattern: '^[1-9][0-9]{0,14}$' } as const;

export const AcceptBidSchema = {
  type: 'object',
  required: ['lotId', 'bidId', 'bidderId', 'amount', 'holdId'],
  properties: {
    lotId: LOT_ID,
    bidId: { type: 'string', minLength: 1, maxLength: 200 },
    bidderId: LOT_ID,
    amount: BID_MONEY,
    holdId: TEXT_ID,
    maxAmount: BID_MONEY,
  },
} as const satisfies DataSchema<AcceptBidData>;

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

/**
 * The BidAllowance saga (orchestrator): money held in the wallet for one bidder on one lot, so the lot
 * decides bids alone (exposure ≤ allowance) without a wallet round trip per bid.
 *
 *   step            participant  command              success reply          failure reply          compensation
 *   holdFunds       wallet       wallet.placeHold     wallet.holdPlaced      wallet.holdRejected    wallet.releaseHold
 *   grantAllowance  lot          lot.grantAllowance   lot.allowanceGranted   lot.allowanceRefused   (pivot)
 *
 * Each raise is its own hold (reference `allowance:<lotId>:<bidderId>`); the lot's allowance is the sum
 * of the holds it was granted and has not released. Refusal codes: LOT.CLOSED, LOT.OWN_LOT, LOT.NOT_FOUND,
 * LOT.ALLOWANCE_RELEASED (the hold was given up meanwhile).
 */
export interface GrantAllowanceData {
  lotId: string;
  bidderId: string;
  holdId: string;
  amount: string;
  /** Keep the allowance when outbid (until the lot closes or the bidder withdraws it); default false. */
  keepWhenOutbid?: boolean;
}

export const GrantAllowanceSchema = {
  type: 'object',
  required: ['lotId', 'bidderId', 'holdId', 'amount'],
  properties: {
    lotId: LOT_ID,
    bidderId: LOT_ID,
    holdId: TEXT_ID,
    amount: BID_MONEY,
    keepWhenOutbid: { type: 'boolean' },
  },
} as const satisfies DataSchema<GrantAllowanceData>;

export interface AllowanceGrantedData {
  lotId: string;
  bidderId: string;
  holdId: string;
  /** The bidder's whole allowance on the lot after this grant. */
  allowance: string;
}

export const AllowanceSagaMessages = {
  grantAllowance: 'lot.grantAllowance',
  allowanceGranted: 'lot.allowanceGranted',
  allowanceRefused: 'lot.allowanceRefused',
} as const;

export const AllowanceFailureCodes = {
  /** A bid needs more than the bidder's allowance on the lot (answered 402; the gateway raises it). */
  tooLow: 'LOT.ALLOWANCE_TOO_LOW',
  released: 'LOT.ALLOWANCE_RELEASED',
  /** The leader cannot withdraw the allowance that covers their bid. */
  leading: 'LOT.ALLOWANCE_COVERS_LEAD',
} as const;
