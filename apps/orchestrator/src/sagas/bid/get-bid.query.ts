export class GetBidQuery {
  /** `waitMs` > 0: answer once the bid is no longer PENDING, or when the wait is over. */
  constructor(
    readonly bidId: string,
    readonly waitMs = 0,
  ) {}
}
