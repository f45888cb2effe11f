import type { EntityManager } from 'typeorm';
import { AuctionClosed, DeliveryAddress, Topics } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { closeOutcome } from '../../domain/pricing';
import { big, LotRow } from '../../infrastructure/lot.rows';
import { releasedEvents } from '../../infrastructure/allowances';

/**
 * Closes a lot whose row the caller holds locked (FOR UPDATE) and which is still OPEN, and publishes
 * AuctionClosed in the same transaction. Every allowance on the lot ends here: a SOLD lot's winner's
 * holds go to the order (AuctionClosed names them: `holdId` and `mergeHoldIds`, with the address of the
 * winner's bids), everyone else's are released (AllowanceReleased, reason LOT_CLOSED). A leader placed by
 * the former PlaceBid saga carries its single hold (`leader_hold_id`), released by the orchestrator when
 * the lot does not sell.
 */
export async function closeLot(
  manager: EntityManager,
  lot: LotRow,
  closedAt: Date,
  buyNow: boolean,
): Promise<AuctionClosed> {
  const decided = closeOutcome(big(lot.current_price), big(lot.reserve_price));
  const reason = decided.outcome === 'UNSOLD' ? decided.reason : null;
  const winnerId = decided.outcome === 'SOLD' ? lot.leader_id : null;
  // A sale is PENDING until the winner's order ends (RecordSaleWhenOrderEndedHandler).
  await manager.query(
    `UPDATE lots SET status = 'CLOSED', outcome = $2, close_reason = $3, buy_now = $4, closed_at = $5, sale_status = $6, updated_at = now()
     WHERE id = $1 AND status = 'OPEN'`,
    [lot.id, decided.outcome, reason, buyNow, closedAt, decided.outcome === 'SOLD' ? 'PENDING' : null],
  );
  await manager.query(
    `UPDATE allowances SET amount = 0, updated_at = now() WHERE lot_id = $1 AND amount > 0`,
    [lot.id],
  );
  const [holds]: [{ lot_id: string; bidder_id: string; hold_id: string; granted_at: Date }[], number] =
    await manager.query(
      `UPDATE allowance_holds SET released_at = $2,
         release_reason = CASE WHEN bidder_id = $3 THEN 'ORDER' ELSE 'LOT_CLOSED' END
       WHERE lot_id = $1 AND released_at IS NULL
       RETURNING lot_id, bidder_id, hold_id, granted_at`,
      [lot.id, closedAt, winnerId ?? ''],
    );
  const winnerHolds = holds
    .filter((h) => h.bidder_id === winnerId)
    .sort((a, b) => a.granted_at.getTime() - b.granted_at.getTime() || a.hold_id.localeCompare(b.hold_id))
    .map((h) => h.hold_id);
  const holdIds = lot.leader_hold_id ? [lot.leader_hold_id, ...winnerHolds] : winnerHolds;
  const address = winnerId ? await winnerAddress(manager, lot.id, winnerId) : undefined;
  const event: AuctionClosed = {
    type: 'AuctionClosed',
    data: {
      lotId: lot.id,
      sellerId: lot.seller_id,
      sku: lot.sku,
      title: lot.title,
      outcome: decided.outcome,
      ...(reason ? { reason } : {}),
      ...(winnerId ? { winnerId } : {}),
      ...(lot.current_price !== null ? { amount: lot.current_price } : {}),
      ...(holdIds.length > 0 ? { holdId: holdIds[0] } : {}),
      ...(holdIds.length > 1 ? { mergeHoldIds: holdIds.slice(1) } : {}),
      ...(address ? { address } : {}),
      closedAt: closedAt.toISOString(),
      buyNow,
    },
  };
  const released = releasedEvents(
    holds.filter((h) => h.bidder_id !== winnerId),
    'LOT_CLOSED',
  );
  await appendToOutbox(manager, [{ topic: Topics.lotEvents, key: lot.id, ...event }, ...released]);
  return event;
}

/** The address the winner gave with their latest bid on the lot that had one. */
async function winnerAddress(
  manager: EntityManager,
  lotId: string,
  winnerId: string,
): Promise<DeliveryAddress | undefined> {
  const rows: { address: DeliveryAddress }[] = await manager.query(
    `SELECT address FROM bids WHERE lot_id = $1 AND bidder_id = $2 AND address IS NOT NULL AND NOT proxy
     ORDER BY placed_at DESC LIMIT 1`,
    [lotId, winnerId],
  );
  return rows[0]?.address;
}
