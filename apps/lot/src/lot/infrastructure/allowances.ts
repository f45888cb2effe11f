import type { EntityManager } from 'typeorm';
import { AllowanceReleased, Topics } from '@app/contracts';
import type { OutboxMessage } from '@app/outbox';

/**
 * Gives up the allowances of these bidders on these lots: their holds are marked released (never granted
 * again) and AllowanceReleased tells the orchestrator to release them in the wallet.
 */
export async function releaseAllowances(
  manager: Pick<EntityManager, 'query'>,
  pairs: { lotId: string; bidderId: string }[],
  reason: string,
): Promise<OutboxMessage[]> {
  if (pairs.length === 0) return [];
  const lotIds = pairs.map((p) => p.lotId);
  const bidderIds = pairs.map((p) => p.bidderId);
  await manager.query(
    `UPDATE allowances SET amount = 0, updated_at = now()
     WHERE (lot_id, bidder_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [lotIds, bidderIds],
  );
  const [rows]: [{ lot_id: string; bidder_id: string; hold_id: string }[], number] = await manager.query(
    `UPDATE allowance_holds SET released_at = clock_timestamp(), release_reason = $3
     WHERE released_at IS NULL AND (lot_id, bidder_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
     RETURNING lot_id, bidder_id, hold_id`,
    [lotIds, bidderIds, reason],
  );
  return releasedEvents(rows, reason);
}

/** One AllowanceReleased per (lot, bidder) that had holds. */
export function releasedEvents(
  rows: { lot_id: string; bidder_id: string; hold_id: string }[],
  reason: string,
): OutboxMessage[] {
  const byPair = new Map<string, { lotId: string; bidderId: string; holdIds: string[] }>();
  for (const r of rows) {
    const key = `${r.lot_id}\n${r.bidder_id}`;
    const entry = byPair.get(key) ?? { lotId: r.lot_id, bidderId: r.bidder_id, holdIds: [] };
    entry.holdIds.push(r.hold_id);
    byPair.set(key, entry);
  }
  return [...byPair.values()].map((e) => {
    const event: AllowanceReleased = {
      type: 'AllowanceReleased',
      data: { ...e, holdIds: e.holdIds.sort(), reason },
    };
    return { topic: Topics.lotEvents, key: e.lotId, ...event };
  });
}
