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

export interface PlaceBidResult {
  sagaId: string;
  status: string;
  /** False when the bid already existed (idempotent retry). */
  created: boolean;
}
