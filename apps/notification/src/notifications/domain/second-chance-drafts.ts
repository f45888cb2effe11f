import { formatMinor } from '@app/common';
import { NotificationDraft, NotificationKinds } from './notification';

/**
 * Second-chance events → notifications, as pure functions (structural mirrors of the contracts in
 * `@app/contracts`). The runner-up's own order is told as any order (OrderCompleted / OrderCancelled).
 */
export interface SecondChanceOfferedFacts {
  lotId: string;
  sellerId: string;
  bidderId: string;
  title: string;
  amount: string;
  expiresAt: string;
}

export interface SecondChanceAcceptedFacts {
  lotId: string;
  sellerId: string;
  bidderId: string;
  title: string;
  amount: string;
}

export interface SecondChanceEndedFacts {
  lotId: string;
  sellerId: string;
  bidderId: string;
  title: string;
  amount: string;
  outcome: 'DECLINED' | 'EXPIRED' | 'COMPLETED' | 'FAILED';
  reason?: string;
  code?: string;
  next?: 'RELISTED' | 'CLOSED_UNSOLD';
  relistedAsLotId?: string;
}

const money = (amount: string): string => formatMinor(amount);
/** A deadline as people read it, to the minute, in UTC (the pages show it in the reader's zone). */
const deadline = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const thenWhat = (next: SecondChanceEndedFacts['next']): string =>
  next === 'RELISTED'
    ? ' It is relisted as a new auction.'
    : next === 'CLOSED_UNSOLD'
      ? ' The lot is closed unsold.'
      : '';

/** The runner-up hears the offer with its amount and deadline; the seller that it was made. */
export function secondChanceOffered(e: SecondChanceOfferedFacts): NotificationDraft[] {
  const data = { lotId: e.lotId, amount: e.amount, expiresAt: e.expiresAt };
  return [
    {
      userId: e.bidderId,
      kind: NotificationKinds.secondChanceOffered,
      title: 'Second chance to buy',
      body:
        `The winner's purchase of "${e.title}" failed: it is yours for your last bid of ${money(e.amount)} ` +
        `if you accept by ${deadline(e.expiresAt)}.`,
      data,
    },
    {
      userId: e.sellerId,
      kind: NotificationKinds.secondChanceMade,
      title: 'Offered to the next bidder',
      body: `"${e.title}" is offered to the next-highest bidder for ${money(e.amount)} until ${deadline(e.expiresAt)}.`,
      data,
    },
  ];
}

/** Both sides hear that the runner-up accepted and their order is under way. */
export function secondChanceAccepted(e: SecondChanceAcceptedFacts): NotificationDraft[] {
  const data = { lotId: e.lotId, amount: e.amount };
  return [
    {
      userId: e.bidderId,
      kind: NotificationKinds.secondChanceAccepted,
      title: 'Second chance accepted',
      body: `You accepted "${e.title}" for ${money(e.amount)}. Your order is being processed.`,
      data,
    },
    {
      userId: e.sellerId,
      kind: NotificationKinds.secondChanceAccepted,
      title: 'Next bidder accepted',
      body: `The next-highest bidder accepted "${e.title}" for ${money(e.amount)}. Their order is being processed.`,
      data,
    },
  ];
}

/**
 * The offer is over. The seller always hears how (and where the lot goes); the runner-up hears of an
 * expiry (they did not act); a decline was their own act, and their order's end is told as an order's.
 */
export function secondChanceEnded(e: SecondChanceEndedFacts): NotificationDraft[] {
  const data = {
    lotId: e.lotId,
    amount: e.amount,
    outcome: e.outcome,
    ...(e.code ? { code: e.code } : {}),
    ...(e.next ? { next: e.next } : {}),
    ...(e.relistedAsLotId ? { relistedAsLotId: e.relistedAsLotId } : {}),
  };
  const seller = (title: string, body: string): NotificationDraft => ({
    userId: e.sellerId,
    kind: NotificationKinds.secondChanceEnded,
    title,
    body,
    data,
  });
  switch (e.outcome) {
    case 'COMPLETED':
      return [
        seller(
          'Sold to the next bidder',
          `"${e.title}" sold to the next-highest bidder for ${money(e.amount)}.`,
        ),
      ];
    case 'DECLINED':
      return [
        seller('Second chance declined', `The next-highest bidder declined "${e.title}".${thenWhat(e.next)}`),
      ];
    case 'FAILED':
      return [
        seller(
          'Second-chance sale failed',
          `The next-highest bidder's purchase of "${e.title}" failed: ${e.reason || e.code || 'cancelled'}.${thenWhat(e.next)}`,
        ),
      ];
    case 'EXPIRED':
      return [
        seller(
          'Second chance expired',
          `The next-highest bidder did not take "${e.title}" in time.${thenWhat(e.next)}`,
        ),
        {
          userId: e.bidderId,
          kind: NotificationKinds.secondChanceEnded,
          title: 'Second chance expired',
          body: `Your offer to buy "${e.title}" for ${money(e.amount)} has expired.`,
          data,
        },
      ];
    default: {
      const unreachable: never = e.outcome;
      throw new Error(`unknown second-chance outcome ${String(unreachable)}`);
    }
  }
}
