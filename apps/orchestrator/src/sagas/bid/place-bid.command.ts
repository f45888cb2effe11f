import type { DeliveryAddress } from '@app/contracts';

/** POST /bids (the gateway's PlaceBidCommand): place a bid by starting its PlaceBid saga. */
export class PlaceBidCommand {
  constructor(
    readonly bidId: string,
    readonly lotId: string,
    readonly bidderId: string,
    /** Integer minor units. */
    readonly amount: number,
    readonly maxAmount: number | undefined,
    readonly address: DeliveryAddress | undefined,
    readonly correlationId: string,
  ) {}
}

/** `created` is false when the bid already existed (idempotent retry). */
export type { StartResult as PlaceBidResult } from '../infrastructure/saga-requests';
