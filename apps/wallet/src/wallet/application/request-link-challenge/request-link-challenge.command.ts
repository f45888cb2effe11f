export class RequestLinkChallengeCommand {
  constructor(readonly userId: string) {}
}

export interface LinkChallengeView {
  nonce: string;
  /** Sign exactly this text with personal_sign (EIP-191). */
  message: string;
  expiresAt: string;
}
