export class GetItemQuery {
  constructor(readonly sku: string) {}
}
