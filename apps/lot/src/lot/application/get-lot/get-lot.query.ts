export class GetLotQuery {
  constructor(readonly lotId: string) {}
}

export class GetLotBidsQuery {
  constructor(
    readonly lotId: string,
    readonly limit: number,
    readonly offset: number,
  ) {}
}
