export class GetOrderQuery {
  constructor(readonly orderId: string) {}
}
