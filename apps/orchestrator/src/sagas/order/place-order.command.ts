import type { DeliveryAddress } from '@app/contracts';

/** POST /orders (the gateway's PlaceOrderCommand): place an order by starting its Order saga. */
export class PlaceOrderCommand {
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

export interface PlaceOrderResult {
  sagaId: string;
  status: string;
  /** False when the order already existed (idempotent retry). */
  created: boolean;
}
