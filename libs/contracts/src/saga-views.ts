/**
 * The orchestrator's views of a bid (`GET /bids/:id`) and of an order (`GET /orders/:id`), derived
 * from their sagas and relied on by the gateway. Money is integer minor units as decimal strings;
 * times are ISO 8601.
 */
import type { DeliveryAddress } from './order-saga';

/** A saga's status as the views publish it: the saga engine's `SagaStatus` (libs/saga). */
export type SagaStatusName =
  'NEW' | 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'COMPENSATION_FAILED' | 'ABORTED';

/** PENDING while undecided; ACCEPTED once the lot recorded the bid; REJECTED once it can no longer be placed. */
export type BidStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED';

/** The bidder-facing view of a bid, derived from its PlaceBid saga. */
export interface BidView {
  bidId: string;
  lotId: string;
  bidderId: string;
  status: BidStatus;
  sagaStatus: SagaStatusName;
  /** The bid as placed; `acceptedAmount` is what the lot recorded (proxy bidding may differ). */
  amount: string;
  maxAmount?: string;
  acceptedAmount?: string;
  holdId?: string;
  /** REJECTED only: the failure's stable code (e.g. LOT.BID_TOO_LOW) and its reason. */
  code?: string;
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

/** PENDING while its saga runs or turns back; a compensated order reads CANCELLED. */
export type OrderStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED' | 'COMPENSATION_FAILED' | 'ABORTED';

/** The buyer-facing view of an order, derived from its Order (or AuctionOrder) saga. */
export interface OrderView {
  orderId: string;
  status: OrderStatus;
  sagaStatus: SagaStatusName;
  step: string | null;
  reason: string | null;
  code: string | null;
  buyerId: string;
  sellerId: string;
  sku: string;
  quantity: number;
  amount: string;
  address: DeliveryAddress;
  paymentId: string | null;
  reservationId: string | null;
  bookingId: string | null;
  /**
   * The platform's fee in basis points of `amount`, fixed when the order started (null for orders placed
   * before payouts); `fee` and `payout` (seller's proceeds, amount − fee) once the seller is paid, else null.
   */
  feeBps: number | null;
  fee: string | null;
  payout: string | null;
  createdAt: string;
  updatedAt: string;
}
