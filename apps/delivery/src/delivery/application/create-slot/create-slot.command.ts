export class CreateSlotCommand {
  constructor(
    readonly id: string,
    readonly startsAt: Date,
    readonly capacity: number,
  ) {}
}
