/**
 * The sale of a lot after its auction closed SOLD: the winner's order either completes or fails; after a
 * failure, the runner-up's order (a second chance they accepted) does the same. Pure: the lot learns an
 * order's outcome (OrderCompleted / OrderCancelled) and decides what to record.
 */
import type { SecondChanceStatus } from './second-chance';

export type SaleStatus = 'PENDING' | 'COMPLETED' | 'FAILED';

/** What the lot knows when an order outcome arrives (its row locked by the caller). */
export interface SaleState {
  outcome: 'SOLD' | 'UNSOLD' | null;
  sellerId: string;
  /** The winner of a SOLD lot (its leader at close). */
  winnerId: string | null;
  /** Null on lots closed before sale statuses existed. */
  saleStatus: SaleStatus | null;
  /** The runner-up's second chance, after the winner's order failed. */
  secondChance: { status: SecondChanceStatus; bidderId: string } | null;
}

export type OrderOutcome =
  | { kind: 'completed'; orderId: string; buyerId: string; sellerId: string }
  | { kind: 'failed'; orderId: string; buyerId: string; sellerId: string; code: string; reason: string };

export const SaleRejectionCodes = {
  unknownLot: 'LOT.SALE_UNKNOWN_LOT',
  notSold: 'LOT.SALE_NOT_SOLD',
  mismatch: 'LOT.SALE_MISMATCH',
  contradicts: 'LOT.SALE_ALREADY_SETTLED',
} as const;

type RejectionCode = (typeof SaleRejectionCodes)[keyof typeof SaleRejectionCodes];

export type SaleDecision =
  /** Record the outcome (and, for a failure, tell seller and winner through LotSaleFailed). */
  | { kind: 'settle'; status: 'COMPLETED' }
  | { kind: 'settle'; status: 'FAILED'; code: string; reason: string }
  /** The runner-up's order ended: record it (a failure relists or closes the lot). */
  | { kind: 'settleSecondChance'; status: 'COMPLETED' }
  | { kind: 'settleSecondChance'; status: 'FAILED'; code: string; reason: string }
  /** Already recorded the same way (the same outcome published again): nothing changes. */
  | { kind: 'ignored'; reason: string }
  /** The outcome cannot be this lot's sale: nothing changes, and ops must look (dead letter). */
  | { kind: 'rejected'; code: RejectionCode; reason: string };

const statusOf = (o: OrderOutcome): 'COMPLETED' | 'FAILED' => {
  switch (o.kind) {
    case 'completed':
      return 'COMPLETED';
    case 'failed':
      return 'FAILED';
    default: {
      const unreachable: never = o;
      throw new Error(`unknown order outcome ${String(unreachable)}`);
    }
  }
};

/** The first outcome of a sale wins; the same one again is ignored, a contradicting one rejected. */
export function decideSale(lot: SaleState | undefined, order: OrderOutcome): SaleDecision {
  const status = statusOf(order);
  if (!lot)
    return {
      kind: 'rejected',
      code: SaleRejectionCodes.unknownLot,
      reason: `order ${order.orderId} names no lot of this service`,
    };
  if (lot.outcome !== 'SOLD') {
    return {
      kind: 'rejected',
      code: SaleRejectionCodes.notSold,
      reason: `order ${order.orderId} ended for a lot that is ${lot.outcome ?? 'OPEN'}, not SOLD`,
    };
  }
  const runnerUp = lot.secondChance;
  if (runnerUp && runnerUp.bidderId === order.buyerId && lot.sellerId === order.sellerId)
    return decideSecondChanceSale(runnerUp.status, order, status);
  if (lot.winnerId !== order.buyerId || lot.sellerId !== order.sellerId) {
    return {
      kind: 'rejected',
      code: SaleRejectionCodes.mismatch,
      reason: `order ${order.orderId} names buyer ${order.buyerId} / seller ${order.sellerId}, not the lot's winner and seller`,
    };
  }
  if (lot.saleStatus === status) return { kind: 'ignored', reason: `sale already ${status}` };
  if (lot.saleStatus === 'COMPLETED' || lot.saleStatus === 'FAILED') {
    return {
      kind: 'rejected',
      code: SaleRejectionCodes.contradicts,
      reason: `sale already ${lot.saleStatus}; order ${order.orderId} says ${status}`,
    };
  }
  return order.kind === 'failed'
    ? { kind: 'settle', status: 'FAILED', code: order.code, reason: order.reason }
    : { kind: 'settle', status: 'COMPLETED' };
}

/** The runner-up's order: it exists only once they accepted; its first outcome wins. */
function decideSecondChanceSale(
  current: SecondChanceStatus,
  order: OrderOutcome,
  status: 'COMPLETED' | 'FAILED',
): SaleDecision {
  if (current === status) return { kind: 'ignored', reason: `second chance already ${status}` };
  if (current !== 'ACCEPTED') {
    return {
      kind: 'rejected',
      code: SaleRejectionCodes.contradicts,
      reason: `second chance is ${current}; order ${order.orderId} says ${status}`,
    };
  }
  return order.kind === 'failed'
    ? { kind: 'settleSecondChance', status: 'FAILED', code: order.code, reason: order.reason }
    : { kind: 'settleSecondChance', status: 'COMPLETED' };
}
