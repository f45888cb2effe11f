/**
 * What a lot does when its winner's order fails (a failed sale), as the seller chose when listing
 * (`OnFailedSale`): offer it to the runner-up at their last bid for a while (a second chance), relist it
 * as a new auction, or close it unsold. Pure: `now` and the offer window are passed in.
 */
import type { FailedSaleFallback, OnFailedSale } from '@app/contracts';

export type { FailedSaleFallback, OnFailedSale };
export { ON_FAILED_SALE_OPTIONS } from '@app/contracts';

export const DEFAULT_ON_FAILED_SALE: OnFailedSale = 'second_chance_then_close';

/**
 * OFFERED until the runner-up answers or the window ends; ACCEPTED while their order runs; then
 * COMPLETED or FAILED as that order ended; DECLINED or EXPIRED when they did not take it.
 */
export type SecondChanceStatus = 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'COMPLETED' | 'FAILED';

/** How a failed sale ended for good: sold to the runner-up, relisted, or closed unsold. */
export type FailedSaleOutcome = 'SOLD_TO_RUNNER_UP' | FailedSaleFallback;

/** Why a lot was relisted or closed after its sale failed. */
export type FallbackReason =
  | 'NO_SECOND_CHANCE'
  | 'NO_RUNNER_UP'
  | 'SECOND_CHANCE_DECLINED'
  | 'SECOND_CHANCE_EXPIRED'
  | 'SECOND_CHANCE_FAILED';

export interface RunnerUp {
  bidderId: string;
  /** Their highest bid on the lot (proxy bids placed for them included). */
  amount: bigint;
}

export const offersSecondChance = (option: OnFailedSale): boolean =>
  option === 'second_chance_then_relist' || option === 'second_chance_then_close';

/** Where the lot goes when nobody buys it after the failure. */
export function fallbackOf(option: OnFailedSale): FailedSaleFallback {
  switch (option) {
    case 'second_chance_then_relist':
    case 'relist':
      return 'RELISTED';
    case 'second_chance_then_close':
    case 'close':
      return 'CLOSED_UNSOLD';
    default: {
      const unreachable: never = option;
      throw new Error(`unknown onFailedSale ${String(unreachable)}`);
    }
  }
}

export type AfterFailedSaleDecision =
  | { kind: 'offer'; bidderId: string; amount: bigint; expiresAt: Date }
  | { kind: 'fallback'; next: FailedSaleFallback; reason: FallbackReason };

/**
 * The winner's order failed: offer the lot to the runner-up if the seller wants second chances and there is
 * one whose bid meets the reserve (a bid below it would sell under the seller's floor), else fall back.
 */
export function decideAfterFailedSale(input: {
  option: OnFailedSale;
  runnerUp: RunnerUp | null;
  reservePrice: bigint | null;
  now: Date;
  windowMs: number;
}): AfterFailedSaleDecision {
  const next = fallbackOf(input.option);
  if (!offersSecondChance(input.option)) return { kind: 'fallback', next, reason: 'NO_SECOND_CHANCE' };
  const r = input.runnerUp;
  if (!r || (input.reservePrice !== null && r.amount < input.reservePrice))
    return { kind: 'fallback', next, reason: 'NO_RUNNER_UP' };
  return {
    kind: 'offer',
    bidderId: r.bidderId,
    amount: r.amount,
    expiresAt: new Date(input.now.getTime() + input.windowMs),
  };
}

/** The offer as the lot keeps it. */
export interface SecondChanceOffer {
  status: SecondChanceStatus;
  bidderId: string;
  amount: bigint;
  expiresAt: Date;
}

export const SecondChanceRefusals = {
  noOffer: 'LOT.SECOND_CHANCE_NOT_FOUND',
  notYours: 'LOT.SECOND_CHANCE_NOT_YOURS',
  expired: 'LOT.SECOND_CHANCE_EXPIRED',
  answered: 'LOT.SECOND_CHANCE_ANSWERED',
} as const;
export type SecondChanceRefusal = (typeof SecondChanceRefusals)[keyof typeof SecondChanceRefusals];

export type SecondChanceAnswer = 'accept' | 'decline';

export type AnswerDecision =
  | { kind: 'accepted' }
  | { kind: 'declined'; next: FailedSaleFallback }
  | { kind: 'refused'; code: SecondChanceRefusal; status?: SecondChanceStatus };

/**
 * The runner-up's answer. Only they may answer (anyone else: not yours), only once, and only before the
 * offer expires — also in the moment between its expiry and the clock recording it.
 */
export function decideAnswer(
  option: OnFailedSale,
  offer: SecondChanceOffer | null,
  userId: string,
  answer: SecondChanceAnswer,
  now: Date,
): AnswerDecision {
  if (!offer) return { kind: 'refused', code: SecondChanceRefusals.noOffer };
  if (offer.bidderId !== userId) return { kind: 'refused', code: SecondChanceRefusals.notYours };
  if (offer.status === 'EXPIRED')
    return { kind: 'refused', code: SecondChanceRefusals.expired, status: 'EXPIRED' };
  if (offer.status !== 'OFFERED')
    return { kind: 'refused', code: SecondChanceRefusals.answered, status: offer.status };
  if (now.getTime() >= offer.expiresAt.getTime())
    return { kind: 'refused', code: SecondChanceRefusals.expired, status: 'OFFERED' };
  return answer === 'accept' ? { kind: 'accepted' } : { kind: 'declined', next: fallbackOf(option) };
}

export type ExpiryDecision =
  { kind: 'expired'; next: FailedSaleFallback } | { kind: 'ignored'; reason: string };

/** The clock found the offer due: it expires unless it was answered meanwhile. */
export function decideExpiry(option: OnFailedSale, offer: SecondChanceOffer, now: Date): ExpiryDecision {
  if (offer.status !== 'OFFERED') return { kind: 'ignored', reason: `offer already ${offer.status}` };
  if (now.getTime() < offer.expiresAt.getTime()) return { kind: 'ignored', reason: 'offer not due yet' };
  return { kind: 'expired', next: fallbackOf(option) };
}

/** The longest and shortest a relisted auction runs (its first run's length, within these bounds). */
export const RELIST_MIN_MS = 60_000;
export const RELIST_MAX_MS = 30 * 24 * 3600 * 1000;

/** A relisted lot runs as long as the first auction did (from listing to its end), within the bounds. */
export function relistEndsAt(first: { createdAt: Date; endsAt: Date }, now: Date): Date {
  const ran = first.endsAt.getTime() - first.createdAt.getTime();
  const length = Math.min(RELIST_MAX_MS, Math.max(RELIST_MIN_MS, ran));
  return new Date(now.getTime() + length);
}

/**
 * A lot's stage, one word for the pages and the API: OPEN; UNSOLD (closed without a winning bid);
 * SALE_PENDING (the winner's order runs); SOLD; SALE_FAILED (the order failed; a lot failed before second
 * chances existed stays here); SECOND_CHANCE_OFFERED; SECOND_CHANCE_ACCEPTED (the runner-up's order runs);
 * SOLD_TO_RUNNER_UP; RELISTED (a new lot took it); CLOSED_UNSOLD (closed after the failed sale).
 */
export type LotStage =
  | 'OPEN'
  | 'UNSOLD'
  | 'SALE_PENDING'
  | 'SOLD'
  | 'SALE_FAILED'
  | 'SECOND_CHANCE_OFFERED'
  | 'SECOND_CHANCE_ACCEPTED'
  | FailedSaleOutcome;

export function stageOf(lot: {
  status: 'OPEN' | 'CLOSED';
  outcome: 'SOLD' | 'UNSOLD' | null;
  saleStatus: 'PENDING' | 'COMPLETED' | 'FAILED' | null;
  secondChanceStatus: SecondChanceStatus | null;
  failedSaleOutcome: FailedSaleOutcome | null;
}): LotStage {
  if (lot.status === 'OPEN') return 'OPEN';
  if (lot.outcome !== 'SOLD') return 'UNSOLD';
  if (lot.saleStatus === 'COMPLETED') return 'SOLD';
  if (lot.saleStatus !== 'FAILED') return 'SALE_PENDING';
  if (lot.failedSaleOutcome) return lot.failedSaleOutcome;
  if (lot.secondChanceStatus === 'OFFERED') return 'SECOND_CHANCE_OFFERED';
  if (lot.secondChanceStatus === 'ACCEPTED') return 'SECOND_CHANCE_ACCEPTED';
  return 'SALE_FAILED';
}
