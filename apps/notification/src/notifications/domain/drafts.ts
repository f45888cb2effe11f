import { formatMinor } from '@app/common';
import { NotificationDraft, NotificationKinds } from './notification';

/**
 * Event → notifications, as pure functions. Field shapes mirror the contracts in `@app/contracts`
 * (structural types here keep the domain free of imports).
 */
export interface OrderCompletedFacts {
  orderId: string;
  buyerId: string;
  sku: string;
  quantity: number;
  amount: string;
}

export interface OrderCancelledFacts {
  orderId: string;
  buyerId: string;
  amount: string;
  reason: string;
  code: string;
}

export interface CompensationFailedFacts {
  sagaId: string;
  sagaType: string;
  step: string;
  reason: string;
  orderId?: string;
}

export interface OutbidFacts {
  lotId: string;
  userId: string;
  previousAmount: string;
  newAmount: string;
}

export interface AuctionClosedFacts {
  lotId: string;
  sellerId: string;
  title: string;
  outcome: 'SOLD' | 'UNSOLD';
  reason?: string;
  winnerId?: string;
  amount?: string;
}

export interface LotSaleFailedFacts {
  lotId: string;
  orderId: string;
  sellerId: string;
  winnerId: string;
  title: string;
  amount: string;
  code: string;
  reason: string;
  /** What the lot did next: offered it to the runner-up, relisted it, or closed it unsold. */
  next?: 'SECOND_CHANCE_OFFERED' | 'RELISTED' | 'CLOSED_UNSOLD';
  relistedAsLotId?: string;
}

/** Order and auction amounts are in the platform's one currency (GAVEL_CURRENCY). */
const money = (amount: string): string => formatMinor(amount);

export function orderCompleted(e: OrderCompletedFacts): NotificationDraft[] {
  return [
    {
      userId: e.buyerId,
      kind: NotificationKinds.orderCompleted,
      title: 'Order completed',
      body: `Your order ${e.orderId} (${e.quantity} × ${e.sku}) is paid and booked for delivery: ${money(e.amount)}.`,
      data: { orderId: e.orderId, sku: e.sku, quantity: e.quantity, amount: e.amount },
    },
  ];
}

export function orderCancelled(e: OrderCancelledFacts): NotificationDraft[] {
  return [
    {
      userId: e.buyerId,
      kind: NotificationKinds.orderCancelled,
      title: 'Order cancelled',
      body:
        `Your order ${e.orderId} was cancelled: ${e.reason || e.code}. ` +
        `Any charge of ${money(e.amount)} is refunded.`,
      data: { orderId: e.orderId, code: e.code, reason: e.reason, amount: e.amount },
    },
  ];
}

/** Every admin hears of it, once each. */
export function compensationFailed(
  e: CompensationFailedFacts,
  adminIds: readonly string[],
): NotificationDraft[] {
  const subject = e.orderId ? `order ${e.orderId}` : `saga ${e.sagaId}`;
  return [...new Set(adminIds)].map((userId) => ({
    userId,
    kind: NotificationKinds.compensationFailed,
    title: 'Compensation failed: action needed',
    body:
      `${e.sagaType} saga ${e.sagaId} (${subject}) could not compensate step "${e.step}": ` +
      `the participant refused (${e.reason}). ` +
      'It waits in COMPENSATION_FAILED for an operator to retry, skip or abort.',
    data: { sagaId: e.sagaId, sagaType: e.sagaType, step: e.step, reason: e.reason, orderId: e.orderId },
  }));
}

export function outbid(e: OutbidFacts): NotificationDraft[] {
  return [
    {
      userId: e.userId,
      kind: NotificationKinds.outbid,
      title: 'You were outbid',
      body: `Someone bid ${money(e.newAmount)} on lot ${e.lotId}, above your ${money(e.previousAmount)}.`,
      data: { lotId: e.lotId, previousAmount: e.previousAmount, newAmount: e.newAmount },
    },
  ];
}

const UNSOLD_REASONS: Record<string, string> = {
  NO_BIDS: 'there were no bids',
  RESERVE_NOT_MET: 'the reserve price was not met',
};

export function auctionClosed(e: AuctionClosedFacts): NotificationDraft[] {
  const data = {
    lotId: e.lotId,
    outcome: e.outcome,
    winnerId: e.winnerId,
    amount: e.amount,
    reason: e.reason,
  };
  if (e.outcome === 'SOLD' && e.winnerId && e.amount) {
    return [
      {
        userId: e.winnerId,
        kind: NotificationKinds.auctionWon,
        title: 'You won',
        body: `You won "${e.title}" for ${money(e.amount)}. Your order is being processed.`,
        data,
      },
      {
        userId: e.sellerId,
        kind: NotificationKinds.lotSold,
        title: 'Sold',
        body: `"${e.title}" sold for ${money(e.amount)}.`,
        data,
      },
    ];
  }
  const why = e.reason ? (UNSOLD_REASONS[e.reason] ?? e.reason) : 'no winning bid';
  return [
    {
      userId: e.sellerId,
      kind: NotificationKinds.lotUnsold,
      title: 'Auction closed without sale',
      body: `"${e.title}" closed without sale: ${why}.`,
      data,
    },
  ];
}

const SELLER_NEXT: Record<NonNullable<LotSaleFailedFacts['next']>, string> = {
  SECOND_CHANCE_OFFERED: ' It is offered to the next-highest bidder at their last bid.',
  RELISTED: ' It is relisted as a new auction.',
  CLOSED_UNSOLD: ' The lot is closed unsold.',
};

/**
 * The winner's order failed: the seller learns the sale did not happen and what the lot does next, the
 * winner that the purchase did not (and, when so, that the lot was offered to another bidder).
 */
export function lotSaleFailed(e: LotSaleFailedFacts): NotificationDraft[] {
  const why = e.reason || e.code;
  const data = {
    lotId: e.lotId,
    orderId: e.orderId,
    amount: e.amount,
    code: e.code,
    reason: e.reason,
    ...(e.next ? { next: e.next } : {}),
    ...(e.relistedAsLotId ? { relistedAsLotId: e.relistedAsLotId } : {}),
  };
  const offered = e.next === 'SECOND_CHANCE_OFFERED' ? ' The lot was offered to another bidder.' : '';
  return [
    {
      userId: e.sellerId,
      kind: NotificationKinds.saleFailed,
      title: 'Sale failed',
      body: `The sale of "${e.title}" failed: ${why}.${e.next ? SELLER_NEXT[e.next] : ''}`,
      data,
    },
    {
      userId: e.winnerId,
      kind: NotificationKinds.purchaseFailed,
      title: 'Purchase failed',
      body: `Your purchase of "${e.title}" failed: ${why}. Any charge of ${money(e.amount)} is refunded.${offered}`,
      data,
    },
  ];
}
