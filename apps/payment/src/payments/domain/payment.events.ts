/**
 * Payment domain events on `payment.events` (key = orderId). Amounts are minor units as decimal strings.
 * (Candidates for libs/contracts, with a `paymentEvents` topic constant.)
 */
export const PAYMENT_EVENTS_TOPIC = 'payment.events';

export interface PaymentChargedData {
  paymentId: string;
  orderId: string;
  buyerId: string;
  sellerId: string;
  holdId: string;
  amount: string;
}
export interface PaymentRefundedData {
  paymentId: string;
  orderId: string;
  buyerId: string;
  amount: string;
}

export type PaymentCharged = { type: 'PaymentCharged'; data: PaymentChargedData };
export type PaymentRefunded = { type: 'PaymentRefunded'; data: PaymentRefundedData };
export type PaymentEvent = PaymentCharged | PaymentRefunded;
