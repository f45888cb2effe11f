export class GetBidQuery {
  constructor(readonly bidId: string) {}
}
