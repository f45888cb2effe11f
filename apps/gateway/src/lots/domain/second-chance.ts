/**
 * The second-chance offer as the gateway reads it from the lot (GET /lots/:id), and the funds check it
 * makes before passing an acceptance on. Pure.
 */
export interface OfferedLot {
  secondChance?: { bidderId?: unknown; amount?: unknown; status?: unknown };
}

export interface FundsShortfall {
  required: number;
  spendable: number;
}

/**
 * The runner-up's open offer and what it costs them, when `userId` is that runner-up; undefined otherwise
 * (the lot service answers anyone else: 403, 404 or 409).
 */
export function offerAmountFor(lot: unknown, userId: string): number | undefined {
  const offer = (lot as OfferedLot | null)?.secondChance;
  if (!offer || offer.bidderId !== userId || offer.status !== 'OFFERED') return undefined;
  const amount = typeof offer.amount === 'string' ? Number(offer.amount) : NaN;
  return Number.isSafeInteger(amount) && amount > 0 ? amount : undefined;
}

/**
 * Whether the runner-up's spendable funds still cover their bid. Their allowance holds were released when
 * the auction closed, so the order holds the amount afresh; this check answers clearly up front, while the
 * order's hold stays the guard (funds spent in between cancel the order with WALLET.INSUFFICIENT_FUNDS).
 */
export function fundsShortfall(required: number, spendable: number): FundsShortfall | undefined {
  return spendable >= required ? undefined : { required, spendable };
}
