/**
 * The Order saga's commands and replies (version 2; v1 ends at captureFunds, its pivot, without a
 * compensation). Money is integer minor units as decimal strings.
 *
 *   step          participant  command                       success reply          failure reply              compensation
 *   reserveFunds  wallet       wallet.placeHold              wallet.holdPlaced      wallet.holdRejected        wallet.releaseHold
 *   charge        payment      payment.charge                payment.charged        payment.declined           payment.refund
 *   reserveStock  warehouse    warehouse.reserve             warehouse.reserved     warehouse.rejected         warehouse.release
 *   bookDelivery  delivery     delivery.book                 delivery.booked        delivery.rejected          delivery.cancel
 *   captureFunds  wallet       wallet.captureHold            wallet.holdCaptured    (none: retried)            wallet.refundEscrow
 *   payoutSeller  wallet       wallet.releaseEscrowToSeller  wallet.escrowReleased  wallet.escrowNotReleased   wallet.reverseEscrowRelease (pivot)
 *
 * Version 3 replaces captureFunds and payoutSeller with one step, settle (the pivot):
 *
 *   settle        wallet       wallet.settleOrder            wallet.orderSettled    wallet.orderNotSettled     wallet.reverseSettlement
 *
 * Compensation replies: wallet.holdReleased, payment.refunded, warehouse.released, delivery.cancelled,
 * wallet.escrowRefunded, wallet.escrowReleaseReversed (success also when the forward command never took
 * effect: a compensation is idempotent and records a tombstone so a late forward command with that
 * commandId is refused).
 */
export interface PlaceHoldData {
  userId: string;
  amount: string;
  /** What the hold is for, e.g. `order:<orderId>` or `bid:<bidId>`. */
  reference: string;
}
export interface HoldPlacedData {
  holdId: string;
}
export interface ReleaseHoldData {
  /** The forward command that placed the hold (known even if its reply was never seen). */
  forwardCommandId: string;
  holdId?: string;
}
/** Auction orders start from the winning bid's hold: confirm it is still active and re-reference it. */
export interface ConfirmHoldData {
  holdId: string;
  userId: string;
  amount: string;
  reference: string;
  /**
   * Other ACTIVE holds of the same user (an auction winner's allowance raises) merged into `holdId`:
   * together they must cover `amount`; `holdId` then holds exactly `amount`, the rest is released.
   */
  mergeHoldIds?: string[];
}
export interface CaptureHoldData {
  holdId: string;
  reference: string;
}

/**
 * Escrow: a capture moves the buyer's hold into the platform's escrow; the sale then settles it once,
 * one way or the other (the Order sagas from v2: payoutSeller, or refundEscrow as the capture's
 * compensation).
 *
 *   command                        success reply                 failure reply              compensation
 *   wallet.releaseEscrowToSeller   wallet.escrowReleased         wallet.escrowNotReleased   wallet.reverseEscrowRelease
 *   wallet.refundEscrow            wallet.escrowRefunded         wallet.escrowNotRefunded   none (the buyer may spend it at once)
 *   wallet.reverseEscrowRelease    wallet.escrowReleaseReversed  (always success)
 *
 * Failure codes: WALLET.ESCROW_NOT_FOUND (the hold was never captured), WALLET.ESCROW_SETTLED (already
 * refunded, or paid out to another seller). Paying out or refunding an escrow again the same way
 * answers the first settlement. Amounts are integer minor units as decimal strings.
 */
export interface ReleaseEscrowToSellerData {
  /** The captured hold whose escrow is paid out. */
  holdId: string;
  sellerId: string;
  /** What the payout is for, e.g. `order:<orderId>`. */
  reference: string;
  /**
   * The platform's fee in basis points (0 to 10 000) as the order states it, fixed when the order started;
   * the wallet's GAVEL_PLATFORM_FEE_BPS when absent.
   */
  feeBps?: number;
}
export interface EscrowReleasedData {
  holdId: string;
  captureId: string;
  sellerId: string;
  /** The captured amount: fee + payout. */
  amount: string;
  /** The platform's fee in basis points (GAVEL_PLATFORM_FEE_BPS), the fee and the seller's payout. */
  feeBps: number;
  fee: string;
  payout: string;
  currency: string;
}
/**
 * wallet.settleOrder (Order v3): the capture and the payout in one wallet transaction — the hold's amount
 * goes into escrow and out to the seller's proceeds minus the fee, or nothing happens. Refused (nothing
 * moved) with the capture's codes (the hold is not ACTIVE) or the payout's (WALLET.ESCROW_SETTLED).
 * Answered with what releaseEscrowToSeller answers (`EscrowReleasedData`) as wallet.orderSettled.
 */
export type SettleOrderData = ReleaseEscrowToSellerData;
/**
 * wallet.reverseSettlement (settle's compensation, run only when an operator turns back an order whose
 * settlement may have happened): the payout goes back into escrow and the escrow back to the buyer, in one
 * transaction; nothing settled is nothing to undo, and the tombstone refuses a late settleOrder.
 */
export interface ReverseSettlementData {
  forwardCommandId: string;
  holdId: string;
  reference: string;
}
export interface SettlementReversedData {
  holdId: string;
  /** Whether a payout was taken back from the seller and the platform. */
  payoutReversed: boolean;
  /** Whether escrow went back to the buyer (false: nothing had been captured). */
  refunded: boolean;
  amount: string;
}
export interface ReverseEscrowReleaseData {
  forwardCommandId: string;
  holdId?: string;
}
export interface EscrowReleaseReversedData {
  holdId: string | null;
  reversed: boolean;
}
export interface RefundEscrowData {
  holdId: string;
  reference: string;
  /**
   * Sent as the compensation of a capture: the capture command it undoes. A hold that was never captured
   * is then nothing to refund (success, `refunded: false`), and the tombstone this leaves refuses that
   * capture should it arrive later. Without it, such a hold is refused with WALLET.ESCROW_NOT_FOUND.
   */
  forwardCommandId?: string;
}
export interface EscrowRefundedData {
  holdId: string;
  /** False only for a capture's compensation that found nothing captured (then no capture, buyer, amount 0). */
  refunded: boolean;
  captureId: string | null;
  buyerId: string | null;
  amount: string;
  currency: string;
}

export interface ChargeData {
  orderId: string;
  buyerId: string;
  sellerId: string;
  holdId: string;
  amount: string;
}
export interface ChargedData {
  paymentId: string;
}
export interface RefundData {
  orderId: string;
  forwardCommandId: string;
}

export interface ReserveStockData {
  orderId: string;
  sku: string;
  quantity: number;
}
export interface StockReservedData {
  reservationId: string;
}
export interface ReleaseStockData {
  orderId: string;
  forwardCommandId: string;
}

export interface BookDeliveryData {
  orderId: string;
  address: DeliveryAddress;
  /** Preferred slot id; when absent the earliest slot with capacity is booked. */
  slotId?: string;
}
export interface DeliveryAddress {
  name: string;
  line1: string;
  city: string;
  postcode: string;
  country: string;
}
export interface DeliveryBookedData {
  bookingId: string;
  slotId: string;
}
export interface CancelDeliveryData {
  orderId: string;
  forwardCommandId: string;
}

export const OrderSagaMessages = {
  wallet: {
    placeHold: 'wallet.placeHold',
    holdPlaced: 'wallet.holdPlaced',
    holdRejected: 'wallet.holdRejected',
    releaseHold: 'wallet.releaseHold',
    holdReleased: 'wallet.holdReleased',
    captureHold: 'wallet.captureHold',
    holdCaptured: 'wallet.holdCaptured',
    confirmHold: 'wallet.confirmHold',
    holdConfirmed: 'wallet.holdConfirmed',
    holdNotActive: 'wallet.holdNotActive',
    releaseEscrowToSeller: 'wallet.releaseEscrowToSeller',
    escrowReleased: 'wallet.escrowReleased',
    escrowNotReleased: 'wallet.escrowNotReleased',
    reverseEscrowRelease: 'wallet.reverseEscrowRelease',
    escrowReleaseReversed: 'wallet.escrowReleaseReversed',
    refundEscrow: 'wallet.refundEscrow',
    escrowRefunded: 'wallet.escrowRefunded',
    escrowNotRefunded: 'wallet.escrowNotRefunded',
    settleOrder: 'wallet.settleOrder',
    orderSettled: 'wallet.orderSettled',
    orderNotSettled: 'wallet.orderNotSettled',
    reverseSettlement: 'wallet.reverseSettlement',
    settlementReversed: 'wallet.settlementReversed',
  },
  payment: {
    charge: 'payment.charge',
    charged: 'payment.charged',
    declined: 'payment.declined',
    refund: 'payment.refund',
    refunded: 'payment.refunded',
  },
  warehouse: {
    reserve: 'warehouse.reserve',
    reserved: 'warehouse.reserved',
    rejected: 'warehouse.rejected',
    release: 'warehouse.release',
    released: 'warehouse.released',
  },
  delivery: {
    book: 'delivery.book',
    booked: 'delivery.booked',
    rejected: 'delivery.rejected',
    cancel: 'delivery.cancel',
    cancelled: 'delivery.cancelled',
  },
} as const;

/** Business failure codes carried in failure replies. */
export const OrderFailureCodes = {
  insufficientFunds: 'WALLET.INSUFFICIENT_FUNDS',
  walletNotFound: 'WALLET.NOT_FOUND',
  escrowNotFound: 'WALLET.ESCROW_NOT_FOUND',
  escrowSettled: 'WALLET.ESCROW_SETTLED',
  paymentDeclined: 'PAYMENT.DECLINED',
  outOfStock: 'WAREHOUSE.OUT_OF_STOCK',
  unknownSku: 'WAREHOUSE.UNKNOWN_SKU',
  undeliverable: 'DELIVERY.UNDELIVERABLE_ADDRESS',
  slotFull: 'DELIVERY.SLOT_FULL',
  compensated: 'SAGA.ALREADY_COMPENSATED',
} as const;
