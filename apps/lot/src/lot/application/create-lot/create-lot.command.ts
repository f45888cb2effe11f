import type { BidIncrement, OnFailedSale } from '@app/contracts';

export class CreateLotCommand {
  constructor(
    readonly sellerId: string,
    readonly title: string,
    readonly description: string,
    readonly sku: string,
    readonly startPrice: bigint,
    readonly increment: BidIncrement,
    readonly reservePrice: bigint | null,
    readonly buyNowPrice: bigint | null,
    readonly endsAt: Date,
    readonly softCloseWindowS: number,
    readonly softCloseExtensionS: number,
    /** What happens if the winner's order fails (default: second chance, then closed unsold). */
    readonly onFailedSale: OnFailedSale,
  ) {}
}
