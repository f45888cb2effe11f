import type { DeliveryAddress } from '@app/contracts';

export class StartBidCommand {
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

export interface StartBidResult {
  sagaId: string;
  status: string;
  /** False when the bid already existed (idempotent retry). */
  created: boolean;
}
