/**
 * Payments for orders: pure decisions (no clock, no IO). One payment per order; amounts are integer
 * minor units as bigint.
 */
export const PAYMENT_STATUSES = ['CHARGED', 'REFUNDED', 'DECLINED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PaymentFailureCodes = {
  declined: 'PAYMENT.DECLINED',
  duplicateOrder: 'PAYMENT.DUPLICATE_ORDER',
} as const;

/** Orders above this amount are declined unless GAVEL_PAYMENT_MAX_AMOUNT says otherwise. */
export const DEFAULT_MAX_AMOUNT = 100_000_000n;

export interface ExistingPayment {
  id: string;
  status: PaymentStatus;
  chargeCommandId: string;
}

export type ChargeDecision =
  | { kind: 'charge' }
  | { kind: 'decline'; code: typeof PaymentFailureCodes.declined; reason: string }
  | { kind: 'duplicate'; code: typeof PaymentFailureCodes.duplicateOrder; reason: string; paymentId: string };

/** A charge is recorded once per order; an amount over the limit is declined (and recorded as such). */
export function decideCharge(
  existing: ExistingPayment | undefined,
  amount: bigint,
  maxAmount: bigint,
): ChargeDecision {
  if (existing) {
    return {
      kind: 'duplicate',
      code: PaymentFailureCodes.duplicateOrder,
      reason: `the order already has payment ${existing.id} (${existing.status}) from another command`,
      paymentId: existing.id,
    };
  }
  if (amount > maxAmount) {
    return {
      kind: 'decline',
      code: PaymentFailureCodes.declined,
      reason: `amount ${amount} exceeds the limit ${maxAmount}`,
    };
  }
  return { kind: 'charge' };
}

export type RefundDecision = { kind: 'refund' } | { kind: 'ignored'; reason: string };

/** A refund is a compensation: only a CHARGED payment changes; everything else succeeds as a no-op. */
export function decideRefund(payment: { status: PaymentStatus } | undefined): RefundDecision {
  if (!payment) return { kind: 'ignored', reason: 'never charged' };
  switch (payment.status) {
    case 'CHARGED':
      return { kind: 'refund' };
    case 'REFUNDED':
      return { kind: 'ignored', reason: 'already refunded' };
    case 'DECLINED':
      return { kind: 'ignored', reason: 'the charge was declined' };
    default: {
      const unknownStatus: never = payment.status;
      throw new Error(`unknown payment status ${String(unknownStatus)}`);
    }
  }
}

/** Parses GAVEL_PAYMENT_MAX_AMOUNT (integer minor units); the default when unset. */
export function parseMaxAmount(raw: string | undefined): bigint {
  if (raw === undefined || raw === '') return DEFAULT_MAX_AMOUNT;
  if (!/^[0-9]{1,18}$/.test(raw))
    throw new Error(`GAVEL_PAYMENT_MAX_AMOUNT must be integer minor units, got "${raw}"`);
  return BigInt(raw);
}
