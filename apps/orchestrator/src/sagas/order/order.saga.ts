/**
 * The Order saga: hold the buyer's funds, charge, reserve stock, book delivery, capture the funds into
 * escrow and, from version 2, pay the seller out of escrow. A refusal anywhere compensates the completed
 * steps in reverse. A participant that does not answer only delays the order (unless
 * GAVEL_ORDER_STEP_DEADLINE_MS sets a business deadline; never for the capture and the payout).
 *
 * - v1 ends with captureFunds, the pivot (no compensation, retried until it succeeds): the money stays in
 *   escrow. Sagas started on v1 finish on it (the registry keeps it).
 * - v2 adds payoutSeller (escrow → the seller's proceeds minus the fee rate the order states, and the fee
 *   to the platform) after captureFunds, and makes the capture undoable: refundEscrow gives the escrow
 *   back to the buyer. The payout is the pivot: the order completes when the seller is paid, and a refusal
 *   of the payout turns the whole order back, the refund included.
 *
 * Message names: `@app/contracts`.
 */
import {
  BookDeliveryData,
  CancelDeliveryData,
  CaptureHoldData,
  ChargeData,
  DeliveryAddress,
  OrderSagaMessages as M,
  RefundData,
  RefundEscrowData,
  ReleaseEscrowToSellerData,
  ReleaseStockData,
  ReserveStockData,
  ReverseEscrowReleaseData,
  ReverseSettlementData,
} from '@app/contracts';
import { defineSaga, replyText, SagaDefinition, SagaReply, StepSpec } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { compensationTiming, forwardTiming, holdFundsStep } from '../saga-steps';

export const ORDER_SAGA = 'Order';

export interface OrderData {
  orderId: string;
  buyerId: string;
  sellerId: string;
  sku: string;
  quantity: number;
  /** Integer minor units as a decimal string. */
  amount: string;
  address: DeliveryAddress;
  /**
   * The platform's fee in basis points, fixed when the order started (GAVEL_PLATFORM_FEE_BPS) and sent
   * with the payout; absent on orders started before payouts (v1).
   */
  feeBps?: number;
  holdId?: string;
  paymentId?: string;
  reservationId?: string;
  bookingId?: string;
  /** Once the seller is paid (v2): the fee the platform took and the seller's payout, fee + payout = amount. */
  fee?: string;
  payout?: string;
}

export const OrderSteps = {
  reserveFunds: 'reserveFunds',
  charge: 'charge',
  reserveStock: 'reserveStock',
  bookDelivery: 'bookDelivery',
  captureFunds: 'captureFunds',
  payoutSeller: 'payoutSeller',
  settle: 'settle',
} as const;

type Spec = StepSpec<OrderData>;

/** What the seller was paid, as the wallet answered: the rate it applied, the fee and the payout. */
function foldPayout(data: OrderData, reply: SagaReply): OrderData {
  const feeBps = reply.data.feeBps;
  const fee = replyText(reply, 'fee', data.fee);
  const payout = replyText(reply, 'payout', data.payout);
  return {
    ...data,
    ...(typeof feeBps === 'number' ? { feeBps } : {}),
    ...(fee !== undefined ? { fee } : {}),
    ...(payout !== undefined ? { payout } : {}),
  };
}

/** Every step of the Order saga as the versions use them, with the policies applied. */
function orderSteps(p: SagaPolicies) {
  const forward = forwardTiming(p, p.orderStepDeadlineMs);
  /** Money leaving the buyer for good is never abandoned for a slow wallet: no deadline. */
  const settlement = forwardTiming(p);
  const compensation = compensationTiming(p);
  const reference = (data: OrderData) => `order:${data.orderId}`;
  /** What paying the seller names, for v2's payout and v3's settlement alike (`SettleOrderData` is the same). */
  const sellerPayout = (data: OrderData): ReleaseEscrowToSellerData => ({
    holdId: data.holdId ?? '',
    sellerId: data.sellerId,
    reference: reference(data),
    ...(data.feeBps !== undefined ? { feeBps: data.feeBps } : {}),
  });

  const reserveFunds: Spec = holdFundsStep(
    (data) => ({ userId: data.buyerId, amount: data.amount, reference: reference(data) }),
    { forward, compensation },
  );
  const charge: Spec = {
    participant: 'payment',
    command: ({ data }) => ({
      type: M.payment.charge,
      data: {
        orderId: data.orderId,
        buyerId: data.buyerId,
        sellerId: data.sellerId,
        holdId: data.holdId ?? '',
        amount: data.amount,
      } satisfies ChargeData,
    }),
    onReply: {
      success: M.payment.charged,
      failure: M.payment.declined,
      apply: (data, reply) => ({ ...data, paymentId: replyText(reply, 'paymentId', data.paymentId) }),
    },
    compensation: {
      ...compensation,
      command: ({ data, forwardCommandId }) => ({
        type: M.payment.refund,
        data: { orderId: data.orderId, forwardCommandId } satisfies RefundData,
      }),
    },
    ...forward,
  };
  const reserveStock: Spec = {
    participant: 'warehouse',
    command: ({ data }) => ({
      type: M.warehouse.reserve,
      data: { orderId: data.orderId, sku: data.sku, quantity: data.quantity } satisfies ReserveStockData,
    }),
    onReply: {
      success: M.warehouse.reserved,
      failure: M.warehouse.rejected,
      apply: (data, reply) => ({
        ...data,
        reservationId: replyText(reply, 'reservationId', data.reservationId),
      }),
    },
    compensation: {
      ...compensation,
      command: ({ data, forwardCommandId }) => ({
        type: M.warehouse.release,
        data: { orderId: data.orderId, forwardCommandId } satisfies ReleaseStockData,
      }),
    },
    ...forward,
  };
  const bookDelivery: Spec = {
    participant: 'delivery',
    command: ({ data }) => ({
      type: M.delivery.book,
      data: { orderId: data.orderId, address: data.address } satisfies BookDeliveryData,
    }),
    onReply: {
      success: M.delivery.booked,
      failure: M.delivery.rejected,
      apply: (data, reply) => ({ ...data, bookingId: replyText(reply, 'bookingId', data.bookingId) }),
    },
    compensation: {
      ...compensation,
      command: ({ data, forwardCommandId }) => ({
        type: M.delivery.cancel,
        data: { orderId: data.orderId, forwardCommandId } satisfies CancelDeliveryData,
      }),
    },
    ...forward,
  };
  /** v1's pivot: no failure reply (a refusal is retried), no compensation. */
  const captureFunds: Spec = {
    participant: 'wallet',
    command: ({ data }) => ({
      type: M.wallet.captureHold,
      data: { holdId: data.holdId ?? '', reference: reference(data) } satisfies CaptureHoldData,
    }),
    onReply: { success: M.wallet.holdCaptured },
    ...settlement,
  };
  /**
   * v2: the same capture, undone by refunding the escrow to the buyer — exactly once: the captured hold
   * is no longer ACTIVE, so reserveFunds' release that follows gives nothing back, and a capture that
   * never happened is nothing to refund (the release then returns the still-held money).
   */
  const captureFundsIntoEscrow: Spec = {
    ...captureFunds,
    compensation: {
      ...compensation,
      command: ({ data, forwardCommandId }) => ({
        type: M.wallet.refundEscrow,
        data: {
          holdId: data.holdId ?? '',
          reference: reference(data),
          forwardCommandId,
        } satisfies RefundEscrowData,
      }),
    },
  };
  /**
   * v2's pivot: escrow pays the seller the order's price minus its fee. Its compensation runs only when the
   * payout is abandoned in flight (an operator compensating the order): it may have happened.
   */
  const payoutSeller: Spec = {
    participant: 'wallet',
    command: ({ data }) => ({ type: M.wallet.releaseEscrowToSeller, data: sellerPayout(data) }),
    onReply: { success: M.wallet.escrowReleased, failure: M.wallet.escrowNotReleased, apply: foldPayout },
    compensation: {
      ...compensation,
      command: ({ data, forwardCommandId }) => ({
        type: M.wallet.reverseEscrowRelease,
        data: {
          forwardCommandId,
          ...(data.holdId ? { holdId: data.holdId } : {}),
        } satisfies ReverseEscrowReleaseData,
      }),
    },
    ...settlement,
  };
  /**
   * v3's pivot: capture and payout in one wallet transaction. Its compensation runs only when the settlement
   * is abandoned in flight (an operator compensating the order): it may have happened, and is undone whole.
   */
  const settle: Spec = {
    participant: 'wallet',
    command: ({ data }) => ({ type: M.wallet.settleOrder, data: sellerPayout(data) }),
    onReply: { success: M.wallet.orderSettled, failure: M.wallet.orderNotSettled, apply: foldPayout },
    compensation: {
      ...compensation,
      command: ({ data, forwardCommandId }) => ({
        type: M.wallet.reverseSettlement,
        data: {
          forwardCommandId,
          holdId: data.holdId ?? '',
          reference: reference(data),
        } satisfies ReverseSettlementData,
      }),
    },
    ...settlement,
  };
  return {
    reserveFunds,
    charge,
    reserveStock,
    bookDelivery,
    captureFunds,
    captureFundsIntoEscrow,
    payoutSeller,
    settle,
  };
}

/** v1: hold → charge → reserve stock → book delivery → capture (pivot). Kept for the sagas started on it. */
export function buildOrderSagaV1(p: SagaPolicies = sagaPolicies()): SagaDefinition<OrderData> {
  const s = orderSteps(p);
  return defineSaga<OrderData>(ORDER_SAGA, 1)
    .step(OrderSteps.reserveFunds, s.reserveFunds)
    .step(OrderSteps.charge, s.charge)
    .step(OrderSteps.reserveStock, s.reserveStock)
    .step(OrderSteps.bookDelivery, s.bookDelivery)
    .step(OrderSteps.captureFunds, s.captureFunds)
    .build();
}

/** v2: … → book delivery → capture into escrow (refunded if the order turns back) → pay the seller (pivot). */
export function buildOrderSagaV2(p: SagaPolicies = sagaPolicies()): SagaDefinition<OrderData> {
  const s = orderSteps(p);
  return defineSaga<OrderData>(ORDER_SAGA, 2)
    .step(OrderSteps.reserveFunds, s.reserveFunds)
    .step(OrderSteps.charge, s.charge)
    .step(OrderSteps.reserveStock, s.reserveStock)
    .step(OrderSteps.bookDelivery, s.bookDelivery)
    .step(OrderSteps.captureFunds, s.captureFundsIntoEscrow)
    .step(OrderSteps.payoutSeller, s.payoutSeller)
    .build();
}

/** v3: … → book delivery → settle (capture and payout in one wallet transaction; the pivot). */
export function buildOrderSagaV3(p: SagaPolicies = sagaPolicies()): SagaDefinition<OrderData> {
  const s = orderSteps(p);
  return defineSaga<OrderData>(ORDER_SAGA, 3)
    .step(OrderSteps.reserveFunds, s.reserveFunds)
    .step(OrderSteps.charge, s.charge)
    .step(OrderSteps.reserveStock, s.reserveStock)
    .step(OrderSteps.bookDelivery, s.bookDelivery)
    .step(OrderSteps.settle, s.settle)
    .build();
}
