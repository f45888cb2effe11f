import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AcceptBidData,
  AcceptBidSchema,
  BidAcceptedData,
  BidFailureCodes,
  BidRejectedData,
  BidSagaMessages,
} from '@app/contracts';
import { CommandHandler as ParticipantHandler, ParticipantCommand, ParticipantReply } from '@app/messaging';
import { decideBid } from '../../domain/bidding';
import { findLot } from '../../infrastructure/lot.repository';
import { auctionState, LotRow, nextBidOf } from '../../infrastructure/lot.rows';
import { closeLot } from '../close-auctions/close-lot';
import { recordAcceptedBid, recordProxyBid } from './bid-writes';

/**
 * `lot.acceptBid` (PlaceBid saga): decides the bid with the lot row locked, so concurrent bids on one
 * lot serialize and each accepted bid names exactly the hold it replaced. Proxy bidding assumes the
 * saga held `maxAmount` when given (the hold covers whatever the system later bids for that bidder).
 */
@Injectable()
export class AcceptBidHandler implements ParticipantHandler<AcceptBidData> {
  readonly schema = AcceptBidSchema;
  readonly refusedReplyType = BidSagaMessages.bidRejected;

  async handle(
    manager: EntityManager,
    { data }: ParticipantCommand<AcceptBidData>,
  ): Promise<ParticipantReply> {
    const lot = await findLot(manager, data.lotId, true);
    if (!lot) return rejection(data, BidFailureCodes.notFound, `no lot ${data.lotId}`);
    const now = await clock(manager);
    const bid = {
      bidderId: data.bidderId,
      amount: BigInt(data.amount),
      maxAmount: data.maxAmount ? BigInt(data.maxAmount) : null,
    };
    const decision = decideBid(auctionState(lot), bid, now);
    switch (decision.kind) {
      case 'rejected':
        return rejection(data, decision.code, decision.reason, lot);
      case 'outbidByProxy': {
        const after = await recordProxyBid(manager, lot, `${data.bidId}:proxy`, decision.amount, now);
        return rejection(
          data,
          BidFailureCodes.tooLow,
          `outbid by the leader's proxy maximum at ${decision.amount}`,
          after,
        );
      }
      case 'accepted': {
        const after = await recordAcceptedBid(manager, lot, data, bid, decision, now);
        if (decision.buyNow) await closeLot(manager, after, now, true);
        const reply: BidAcceptedData = {
          lotId: lot.id,
          bidId: data.bidId,
          amount: decision.price.toString(),
          ...(lot.leader_hold_id ? { previousHoldId: lot.leader_hold_id } : {}),
          ...(lot.leader_id ? { previousLeaderId: lot.leader_id } : {}),
          endsAt: after.ends_at.toISOString(),
        };
        return { type: BidSagaMessages.bidAccepted, outcome: 'success', data: reply };
      }
      default: {
        const unreachable: never = decision;
        throw new Error(`unknown decision ${String(unreachable)}`);
      }
    }
  }
}

/** The database clock, so the auction clock and bids agree on what time it is. */
async function clock(manager: EntityManager): Promise<Date> {
  const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
  return now;
}

function rejection(data: AcceptBidData, code: string, reason: string, lot?: LotRow): ParticipantReply {
  const reply: BidRejectedData = {
    lotId: data.lotId,
    bidId: data.bidId,
    ...(lot?.current_price ? { currentPrice: lot.current_price } : {}),
    ...(lot && lot.status === 'OPEN' ? { minimumNextBid: nextBidOf(lot).toString() } : {}),
  };
  return { type: BidSagaMessages.bidRejected, outcome: 'failure', data: reply, code, reason };
}
