/**
 * A failed sale as the pages tell it, in words, for whoever reads it: the seller, the winner whose order
 * failed, the runner-up offered a second chance, or anyone else. Pure (money and times are formatted by the
 * caller's functions), so the unit suite runs it.
 */
export type OnFailedSale = 'second_chance_then_relist' | 'second_chance_then_close' | 'relist' | 'close';

export type LotStage =
  | 'OPEN'
  | 'UNSOLD'
  | 'SALE_PENDING'
  | 'SOLD'
  | 'SALE_FAILED'
  | 'SECOND_CHANCE_OFFERED'
  | 'SECOND_CHANCE_ACCEPTED'
  | 'SOLD_TO_RUNNER_UP'
  | 'RELISTED'
  | 'CLOSED_UNSOLD';

export interface SecondChance {
  bidderId: string;
  amount: string;
  status: 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'COMPLETED' | 'FAILED';
  offeredAt?: string;
  expiresAt: string;
  failureCode?: string;
  failureReason?: string;
}

/** What these functions read of a lot (the page's Lot has it; a structural type keeps this file free of .tsx). */
export interface FailedSaleLot {
  id: string;
  sellerId: string;
  winnerId?: string;
  saleStatus?: 'PENDING' | 'COMPLETED' | 'FAILED';
  saleFailureCode?: string;
  saleFailureReason?: string;
  stage?: LotStage;
  secondChance?: SecondChance;
}

export const ON_FAILED_SALE_CHOICES: readonly { value: OnFailedSale; label: string }[] = [
  { value: 'second_chance_then_close', label: 'Offer it to the next-highest bidder, then close it unsold' },
  { value: 'second_chance_then_relist', label: 'Offer it to the next-highest bidder, then relist it' },
  { value: 'relist', label: 'Relist it at once' },
  { value: 'close', label: 'Close it unsold' },
];

export type Reader = 'seller' | 'winner' | 'runnerUp' | 'other';

export function readerOf(lot: FailedSaleLot, userId: string | undefined): Reader {
  if (!userId) return 'other';
  if (userId === lot.sellerId) return 'seller';
  if (userId === lot.secondChance?.bidderId) return 'runnerUp';
  if (userId === lot.winnerId) return 'winner';
  return 'other';
}

/** Whether the reader may answer the offer now (the runner-up, an open offer, before its deadline). */
export function canAnswer(lot: FailedSaleLot, reader: Reader, now: Date): boolean {
  const offer = lot.secondChance;
  return (
    reader === 'runnerUp' &&
    offer?.status === 'OFFERED' &&
    lot.stage === 'SECOND_CHANCE_OFFERED' &&
    new Date(offer.expiresAt).getTime() > now.getTime()
  );
}

export interface Formatters {
  money(minor: string): string;
  time(iso: string): string;
}

/** One sentence on where the failed sale stands, or undefined when the lot's sale did not fail. */
export function failedSaleText(lot: FailedSaleLot, reader: Reader, f: Formatters): string | undefined {
  if (lot.saleStatus !== 'FAILED') return undefined;
  const why = lot.saleFailureReason || lot.saleFailureCode || 'the order was cancelled';
  const failed = reader === 'winner' ? `Your order failed: ${why}.` : `The winner's order failed: ${why}.`;
  const offer = lot.secondChance;
  const amount = offer ? f.money(offer.amount) : '';
  switch (lot.stage) {
    case 'SECOND_CHANCE_OFFERED':
      if (reader === 'runnerUp')
        return `${failed} You may buy it for your last bid of ${amount} until ${f.time(offer?.expiresAt ?? '')}.`;
      return `${failed} It is offered to the next-highest bidder for ${amount} until ${f.time(offer?.expiresAt ?? '')}.`;
    case 'SECOND_CHANCE_ACCEPTED':
      return reader === 'runnerUp'
        ? `${failed} You accepted it for ${amount}; your order is being processed.`
        : `${failed} The next-highest bidder accepted it for ${amount}; their order is being processed.`;
    case 'SOLD_TO_RUNNER_UP':
      return reader === 'runnerUp'
        ? `${failed} You bought it for ${amount}.`
        : `${failed} Sold to the next-highest bidder for ${amount}.`;
    case 'RELISTED':
      return `${failed} ${secondChanceEnd(lot, reader)}It was relisted as a new auction.`;
    case 'CLOSED_UNSOLD':
      return `${failed} ${secondChanceEnd(lot, reader)}It was closed unsold.`;
    default:
      return failed;
  }
}

function secondChanceEnd(lot: FailedSaleLot, reader: Reader): string {
  const you = reader === 'runnerUp';
  switch (lot.secondChance?.status) {
    case 'DECLINED':
      return you ? 'You declined the second chance. ' : 'The next-highest bidder declined it. ';
    case 'EXPIRED':
      return you ? 'Your second chance expired. ' : 'The offer to the next-highest bidder expired. ';
    case 'FAILED':
      return `The next-highest bidder's order failed too (${lot.secondChance.failureReason || lot.secondChance.failureCode || 'cancelled'}). `;
    default:
      return '';
  }
}

/** The stage in a couple of words, for lists (My lots). */
export function stageLabel(lot: FailedSaleLot): string | undefined {
  switch (lot.stage) {
    case 'SALE_FAILED':
      return 'Sale failed';
    case 'SECOND_CHANCE_OFFERED':
      return 'Offered to the next bidder';
    case 'SECOND_CHANCE_ACCEPTED':
      return 'Next bidder accepted';
    case 'SOLD_TO_RUNNER_UP':
      return 'Sold to the next bidder';
    case 'RELISTED':
      return 'Relisted';
    case 'CLOSED_UNSOLD':
      return 'Closed unsold after a failed sale';
    default:
      return undefined;
  }
}
