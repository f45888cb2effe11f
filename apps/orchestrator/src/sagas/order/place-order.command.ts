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

/** `created` is false when the order already existed (idempotent retry). */
export type { StartResult as PlaceOrderResult } from '../infrastructure/saga-requests';
