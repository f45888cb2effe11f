export class GetOrderQuery {
  /** `waitMs` > 0: answer once the order is no longer PENDING, or when the wait is over. */
  constructor(
    readonly orderId: string,
    readonly waitMs = 0,
  ) {}
}
