import type { ItemView } from '../../domain/stock';

export class ListItemsQuery {
  constructor(
    readonly sellerId: string | undefined,
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export interface ItemPage {
  items: ItemView[];
  total: number;
}
