import type { EntityManager } from 'typeorm';
import { AuctionClosed, Topics } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { closeOutcome } from '../../domain/pricing';
import { big, LotRow } from '../../infrastructure/lot.rows';

/**
 * Closes a lot whose row the caller holds locked (FOR UPDATE) and which is still OPEN, and publishes
 * AuctionClosed in the same transaction. SOLD carries the winner's holdId (the order saga charges it);
 * UNSOLD with a leader (RESERVE_NOT_MET) carries the leader's holdId too, which the orchestrator must release.
 */
export async function closeLot(
  manager: EntityManager,
  lot: LotRow,
  closedAt: Date,
  buyNow: boolean,
): Promise<AuctionClosed> {
  const decided = closeOutcome(big(lot.current_price), big(lot.reserve_price));
  const reason = decided.outcome === 'UNSOLD' ? decided.reason : null;
  // A sale is PENDING until the winner's order ends (RecordSaleWhenOrderEndedHandler).
  await manager.query(
    `UPDATE lots SET status = 'CLOSED', outcome = $2, close_reason = $3, buy_now = $4, closed_at = $5, sale_status = $6, updated_at = now()
     WHERE id = $1 AND status = 'OPEN'`,
    [lot.id, decided.outcome, reason, buyNow, closedAt, decided.outcome === 'SOLD' ? 'PENDING' : null],
  );
  const event: AuctionClosed = {
    type: 'AuctionClosed',
    data: {
      lotId: lot.id,
      sellerId: lot.seller_id,
      sku: lot.sku,
      title: lot.title,
      outcome: decided.outcome,
      ...(reason ? { reason } : {}),
      ...(lot.leader_id && decided.outcome === 'SOLD' ? { winnerId: lot.leader_id } : {}),
      ...(lot.current_price !== null ? { amount: lot.current_price } : {}),
      ...(lot.leader_hold_id ? { holdId: lot.leader_hold_id } : {}),
      closedAt: closedAt.toISOString(),
      buyNow,
    },
  };
  await appendToOutbox(manager, [{ topic: Topics.lotEvents, key: lot.id, ...event }]);
  return event;
}
