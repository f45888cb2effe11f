export class LinkAddressCommand {
  constructor(
    readonly userId: string,
    readonly address: string,
    readonly signature: string,
    readonly nonce: string | undefined,
  ) {}
}

export interface LinkedAddressView {
  /** EIP-55 checksummed. */
  address: string;
  verifiedAt: string;
}

export interface LinkAddressResult extends LinkedAddressView {
  /** False when the address was already linked to this user (nothing changed). */
  created: boolean;
}
