import type { EntityManager } from 'typeorm';
import {
  FailedSaleFallback,
  SecondChanceEnded,
  SecondChanceEndedData,
  SecondChanceOffered,
  Topics,
} from '@app/contracts';
import type { OutboxMessage } from '@app/outbox';
import { decideAfterFailedSale, relistEndsAt } from '../../domain/second-chance';
import { openLot } from '../../infrastructure/lot-listing';
import { big, incrementOf, LotRow } from '../../infrastructure/lot.rows';
import {
  findRunnerUp,
  recordFailedSaleOutcome,
  recordOffer,
} from '../../infrastructure/second-chance.repository';

/** What the lot did after a failed sale (its row locked by the caller): the row after, and its events. */
export interface FailedSaleStep {
  row: LotRow;
  next: 'SECOND_CHANCE_OFFERED' | FailedSaleFallback;
  relistedAsLotId?: string;
  /** For the caller's outbox, after its own event. */
  messages: OutboxMessage[];
}

/**
 * The winner's order failed (the sale is recorded FAILED): offer the lot to the runner-up at their last
 * bid until `now + windowMs`, or relist / close it, as the seller chose (`decideAfterFailedSale`).
 */
export async function followFailedSale(
  manager: EntityManager,
  lot: LotRow,
  now: Date,
  windowMs: number,
): Promise<FailedSaleStep> {
  const winnerId = lot.leader_id ?? '';
  const decision = decideAfterFailedSale({
    option: lot.on_failed_sale,
    runnerUp: await findRunnerUp(manager, lot.id, winnerId),
    reservePrice: big(lot.reserve_price),
    now,
    windowMs,
  });
  if (decision.kind === 'fallback') return fallBack(manager, lot, decision.next, now);
  const row = await recordOffer(manager, lot.id, decision, now);
  const offered: SecondChanceOffered = {
    type: 'SecondChanceOffered',
    data: {
      lotId: lot.id,
      sellerId: lot.seller_id,
      winnerId,
      bidderId: decision.bidderId,
      title: lot.title,
      amount: decision.amount.toString(),
      offeredAt: now.toISOString(),
      expiresAt: decision.expiresAt.toISOString(),
    },
  };
  return {
    row,
    next: 'SECOND_CHANCE_OFFERED',
    messages: [{ topic: Topics.lotEvents, key: lot.id, ...offered }],
  };
}

/**
 * Nobody buys the lot after its failed sale: RELISTED opens a new lot of the same item and terms (a new id:
 * the old one's order, holds and bids stay its own), running as long as the first auction did, linked both
 * ways; CLOSED_UNSOLD just records it. The lot stays CLOSED either way.
 */
export async function fallBack(
  manager: EntityManager,
  lot: LotRow,
  next: FailedSaleFallback,
  now: Date,
): Promise<FailedSaleStep> {
  if (next === 'CLOSED_UNSOLD') {
    const row = await recordFailedSaleOutcome(manager, lot.id, 'CLOSED_UNSOLD', null);
    return { row, next, messages: [] };
  }
  const { row: relisted, created } = await openLot(manager, {
    sellerId: lot.seller_id,
    title: lot.title,
    description: lot.description,
    sku: lot.sku,
    startPrice: BigInt(lot.start_price),
    increment: incrementOf(lot),
    reservePrice: big(lot.reserve_price),
    buyNowPrice: big(lot.buy_now_price),
    endsAt: relistEndsAt({ createdAt: lot.created_at, endsAt: lot.ends_at }, now),
    softCloseWindowS: lot.soft_close_window_s,
    softCloseExtensionS: lot.soft_close_extension_s,
    onFailedSale: lot.on_failed_sale,
    relistedFromLotId: lot.id,
  });
  const row = await recordFailedSaleOutcome(manager, lot.id, 'RELISTED', relisted.id);
  return { row, next, relistedAsLotId: relisted.id, messages: [created] };
}

/** SecondChanceEnded for a lot whose offer is over (its row after the change). */
export function secondChanceEnded(
  lot: LotRow,
  outcome: SecondChanceEndedData['outcome'],
  endedAt: Date,
  extra: Pick<SecondChanceEndedData, 'orderId' | 'code' | 'reason'> & Partial<FailedSaleStep> = {},
): OutboxMessage {
  const event: SecondChanceEnded = {
    type: 'SecondChanceEnded',
    data: {
      lotId: lot.id,
      sellerId: lot.seller_id,
      bidderId: lot.second_chance_bidder_id ?? '',
      title: lot.title,
      amount: lot.second_chance_amount ?? '0',
      outcome,
      ...(extra.orderId ? { orderId: extra.orderId } : {}),
      ...(extra.code ? { code: extra.code } : {}),
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
      ...(extra.next && extra.next !== 'SECOND_CHANCE_OFFERED' ? { next: extra.next } : {}),
      ...(extra.relistedAsLotId ? { relistedAsLotId: extra.relistedAsLotId } : {}),
      endedAt: endedAt.toISOString(),
    },
  };
  return { topic: Topics.lotEvents, key: lot.id, ...event };
}
