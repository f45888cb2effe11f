import type { BidIncrement } from '@app/contracts';

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
  ) {}
}
