import type { PaymentStatus } from '../../domain/payment';
import type { PaymentEntity } from '../../infrastructure/payment.entity';

export interface PaymentView {
  paymentId: string;
  orderId: string;
  buyerId: string;
  sellerId: string;
  holdId: string;
  amount: number;
  status: PaymentStatus;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export const toPaymentView = (p: PaymentEntity): PaymentView => ({
  paymentId: p.id,
  orderId: p.orderId,
  buyerId: p.buyerId,
  sellerId: p.sellerId,
  holdId: p.holdId,
  amount: Number(p.amount),
  status: p.status,
  reason: p.reason,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
