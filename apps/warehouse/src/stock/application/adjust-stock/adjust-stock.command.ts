import type { Actor } from '../../api/actor';

export class AdjustStockCommand {
  constructor(
    readonly sku: string,
    readonly onHand: number,
    readonly actor: Actor,
  ) {}
}
