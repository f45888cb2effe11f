export class OpenWalletCommand {
  constructor(readonly userId: string) {}
}
