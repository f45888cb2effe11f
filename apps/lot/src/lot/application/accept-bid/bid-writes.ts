import type { EntityManager } from 'typeorm';
import { AcceptBidData, AuctionExtended, Outbid } from '@app/contracts';
import { appendToOutbox } from '@app/outbox';
import { BidAttempt, BidDecision } from '../../domain/bidding';
import { maxOf } from '../../domain/pricing';
import { LOT_COLUMNS, LotRow } from '../../infrastructure/lot.rows';
import { bidPlaced, lotEvent } from '../../infrastructure/lot-events';

type Accepted = Extract<BidDecision, { kind: 'accepted' }>;

/** Makes the bid the leader (moving the end when soft close says so) and publishes BidPlaced, Outbid, AuctionExtended. */
export async function recordAcceptedBid(
  manager: EntityManager,
  lot: LotRow,
  data: AcceptBidData,
  bid: BidAttempt,
  decision: Accepted,
  now: Date,
): Promise<LotRow> {
  const max = bid.maxAmount === null ? decision.price : maxOf(bid.maxAmount, decision.price);
  await manager.query(
    `INSERT INTO bids (id, lot_id, bidder_id, amount, max_amount, hold_id, proxy, placed_at) VALUES ($1, $2, $3, $4, $5, $6, false, $7)`,
    [
      data.bidId,
      lot.id,
      data.bidderId,
      decision.price.toString(),
      bid.maxAmount?.toString() ?? null,
      data.holdId,
      now,
    ],
  );
  const [after]: LotRow[] = (
    await manager.query(
      `UPDATE lots SET current_price = $2, leader_id = $3, leader_bid_id = $4, leader_hold_id = $5, leader_max = $6,
         bid_count = bid_count + 1, ends_at = COALESCE($7, ends_at), updated_at = now()
       WHERE id = $1 RETURNING ${LOT_COLUMNS}`,
      [
        lot.id,
        decision.price.toString(),
        data.bidderId,
        data.bidId,
        data.holdId,
        max.toString(),
        decision.endsAt ?? null,
      ],
    )
  )[0];
  const events = [
    lotEvent(
      lot.id,
      bidPlaced(after, data.bidId, data.bidderId, decision.price, now, decision.price !== bid.amount),
    ),
  ];
  if (lot.leader_id !== null && lot.leader_id !== data.bidderId && lot.current_price !== null) {
    const outbid: Outbid = {
      type: 'Outbid',
      data: {
        lotId: lot.id,
        userId: lot.leader_id,
        previousAmount: lot.current_price,
        newAmount: decision.price.toString(),
      },
    };
    events.push(lotEvent(lot.id, outbid));
  }
  if (decision.endsAt) {
    const extended: AuctionExtended = {
      type: 'AuctionExtended',
      data: {
        lotId: lot.id,
        previousEndsAt: lot.ends_at.toISOString(),
        endsAt: decision.endsAt.toISOString(),
        byBidId: data.bidId,
      },
    };
    events.push(lotEvent(lot.id, extended));
  }
  await appendToOutbox(manager, events);
  return after;
}

/** The system bids for the current leader (proxy bidding); the leader keeps their hold. */
export async function recordProxyBid(
  manager: EntityManager,
  lot: LotRow,
  bidId: string,
  amount: bigint,
  now: Date,
): Promise<LotRow> {
  await manager.query(
    `INSERT INTO bids (id, lot_id, bidder_id, amount, max_amount, hold_id, proxy, placed_at) VALUES ($1, $2, $3, $4, $5, $6, true, $7)`,
    [bidId, lot.id, lot.leader_id, amount.toString(), lot.leader_max, lot.leader_hold_id, now],
  );
  const [after]: LotRow[] = (
    await manager.query(
      `UPDATE lots SET current_price = $2, bid_count = bid_count + 1, updated_at = now() WHERE id = $1 RETURNING ${LOT_COLUMNS}`,
      [lot.id, amount.toString()],
    )
  )[0];
  await appendToOutbox(manager, [
    lotEvent(lot.id, bidPlaced(after, bidId, lot.leader_id ?? '', amount, now, true)),
  ]);
  return after;
}
