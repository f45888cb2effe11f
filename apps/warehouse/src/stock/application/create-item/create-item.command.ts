import type { Actor } from '../../api/actor';

export class CreateItemCommand {
  constructor(
    readonly sku: string,
    readonly title: string,
    readonly sellerId: string,
    readonly onHand: number,
    readonly actor: Actor,
  ) {}
}
