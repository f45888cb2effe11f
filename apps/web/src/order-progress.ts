/**
 * How a buyer or a seller reads an order's state (its saga's status and step, from GET /lots/:id/order).
 * Pure: no DOM.
 */

/** The part of the order view the pages show. */
export interface OrderState {
  status: 'PENDING' | 'COMPLETED' | 'CANCELLED' | 'COMPENSATION_FAILED' | 'ABORTED';
  sagaStatus: string;
  step: string | null;
  reason: string | null;
  code: string | null;
  bookingId?: string | null;
  /** The price, minor units as a decimal string. */
  amount?: string;
  /** The platform's fee rate the order states; the fee and the seller's payout once paid out. */
  feeBps?: number | null;
  fee?: string | null;
  payout?: string | null;
}

export interface OrderProgress {
  label: string;
  detail?: string;
  tone: 'info' | 'ok' | 'warn' | 'error';
}

/** What each step of an order (and an auction order) is doing, in words. */
const STEP_TEXT: Record<string, string> = {
  adoptHold: 'confirming the funds held for your bids',
  reserveFunds: 'holding the funds',
  charge: 'taking the payment',
  reserveStock: 'reserving the item in the warehouse',
  bookDelivery: 'booking the delivery',
  captureFunds: 'completing the payment',
  payoutSeller: 'paying the seller',
  settle: 'completing the payment and paying the seller',
};

/** `null`: there is no order yet (it starts moments after the auction closes). */
export function orderProgress(order: OrderState | null): OrderProgress {
  if (!order) return { label: 'Order being set up', tone: 'info' };
  const why = order.reason ? `${order.reason}${order.code ? ` (${order.code})` : ''}` : undefined;
  switch (order.status) {
    case 'PENDING':
      if (order.sagaStatus === 'COMPENSATING') return { label: 'Being cancelled', detail: why, tone: 'warn' };
      return {
        label: 'In progress',
        detail: order.step ? `Now ${STEP_TEXT[order.step] ?? order.step}.` : undefined,
        tone: 'info',
      };
    case 'COMPLETED':
      return { label: 'Completed', detail: order.bookingId ? 'Paid; delivery booked.' : 'Paid.', tone: 'ok' };
    case 'CANCELLED':
      return { label: 'Cancelled', detail: why, tone: 'error' };
    case 'COMPENSATION_FAILED':
      return {
        label: 'Needs our support team',
        detail: 'Cancelling the order could not be finished; support has been alerted.',
        tone: 'error',
      };
    case 'ABORTED':
      return { label: 'Stopped by support', tone: 'error' };
    default: {
      const _exhaustive: never = order.status;
      return _exhaustive;
    }
  }
}

/**
 * The sale's terms as the order states them: the platform's fee rate, then, once the seller is paid, the
 * fee and what the seller received (`money` formats minor units). None for orders placed before payouts.
 */
export function saleTerms(order: OrderState, money: (minor: string) => string): string | undefined {
  if (order.feeBps === null || order.feeBps === undefined) return undefined;
  const rate = `${(order.feeBps / 100).toLocaleString('en-US')}%`;
  if (order.fee && order.payout)
    return `Platform fee ${rate}: ${money(order.fee)}; the seller received ${money(order.payout)}.`;
  return `Platform fee ${rate} of the price; the seller is paid the rest when the order completes.`;
}

/**
 * What the seller receives for the sale: the price − the platform's fee at the order's rate, rounded down as
 * the wallet does (`⌊amount × bps / 10 000⌋`). `paid` once the payout is made (then its own figures); none
 * for an order that states no rate or price, or one that did not complete.
 */
export function sellerPayout(
  order: OrderState,
): { fee: string; payout: string; feeBps: number; paid: boolean } | undefined {
  if (order.feeBps === null || order.feeBps === undefined) return undefined;
  if (order.fee && order.payout)
    return { fee: order.fee, payout: order.payout, feeBps: order.feeBps, paid: true };
  if (order.status !== 'PENDING' || !order.amount || !/^[0-9]+$/.test(order.amount)) return undefined;
  const amount = BigInt(order.amount);
  const fee = (amount * BigInt(order.feeBps)) / 10_000n;
  return { fee: fee.toString(), payout: (amount - fee).toString(), feeBps: order.feeBps, paid: false };
}
