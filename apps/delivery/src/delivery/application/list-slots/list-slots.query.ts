export class ListSlotsQuery {
  constructor(
    readonly from: Date,
    readonly to: Date | undefined,
    readonly onlyAvailable: boolean,
    readonly limit: number,
  ) {}
}
