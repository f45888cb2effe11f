import type { DeliveryAddress } from '@app/contracts';

export class StartOrderCommand {
  constructor(
    readonly orderId: string,
    readonly buyerId: string,
    readonly sellerId: string,
    readonly sku: string,
    readonly quantity: number,
    /** Integer minor units. */
    readonly amount: number,
    readonly address: DeliveryAddress,
    readonly correlationId: string,
  ) {}
}

export interface StartOrderResult {
  sagaId: string;
  status: string;
  /** False when the order already existed (idempotent retry). */
  created: boolean;
}
