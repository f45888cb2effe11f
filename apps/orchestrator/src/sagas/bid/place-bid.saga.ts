/**
 * The PlaceBid saga, version 1 (libs/contracts/src/bid-saga.ts): hold the bidder's funds, let the lot
 * accept the bid, then release the hold of the leader it replaced. A refusal by the wallet or the lot
 * compensates holdFunds (this bid's hold is released); acceptBid is the pivot: once the lot may have
 * taken the bid its hold must stay, so acceptBid and releasePreviousHold are retried, never abandoned.
 * holdFunds has a business deadline (GAVEL_BID_FUNDS_DEADLINE_MS, 5 s): a wallet that does not answer
 * by then gets the bid answered "not placed, try again", and the hold, if it appears later, is released.
 */
import {
  AcceptBidData,
  BidSagaMessages as B,
  DeliveryAddress,
  OrderSagaMessages as M,
  ReleaseHoldData,
} from '@app/contracts';
import { defineSaga, replyText, SagaDefinition } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { compensationTiming, forwardTiming, holdFundsStep } from '../saga-steps';

export const PLACE_BID_SAGA = 'PlaceBid';

export interface BidData {
  bidId: string;
  lotId: string;
  bidderId: string;
  /** Integer minor units as decimal strings. */
  amount: string;
  maxAmount?: string;
  /** Where the item goes if this bid wins (the auction order reads it from here). */
  address?: DeliveryAddress;
  holdId?: string;
  /** The amount the lot recorded (proxy bidding may place less than maxAmount). */
  acceptedAmount?: string;
  previousHoldId?: string;
  previousLeaderId?: string;
  endsAt?: string;
}

export const BidSteps = {
  holdFunds: 'holdFunds',
  acceptBid: 'acceptBid',
  releasePreviousHold: 'releasePreviousHold',
} as const;

/** The forward command id releasePreviousHold quotes: stable per bid, never a real placeHold command. */
export const releasePreviousCommandId = (bidId: string): string => `bid:${bidId}:release-previous`;

export function buildPlaceBidSagaV1(p: SagaPolicies = sagaPolicies()): SagaDefinition<BidData> {
  // From the pivot on nothing may be abandoned: no deadline.
  const untilDone = forwardTiming(p);
  return defineSaga<BidData>(PLACE_BID_SAGA, 1)
    .step(
      BidSteps.holdFunds,
      holdFundsStep(
        (data) => ({
          userId: data.bidderId,
          amount: data.maxAmount ?? data.amount,
          reference: `bid:${data.bidId}`,
        }),
        { forward: forwardTiming(p, p.bidFundsDeadlineMs), compensation: compensationTiming(p) },
      ),
    )
    .step(BidSteps.acceptBid, {
      participant: 'lot',
      command: ({ data }) => ({
        type: B.acceptBid,
        data: {
          lotId: data.lotId,
          bidId: data.bidId,
          bidderId: data.bidderId,
          amount: data.amount,
          holdId: data.holdId ?? '',
          ...(data.maxAmount ? { maxAmount: data.maxAmount } : {}),
        } satisfies AcceptBidData,
      }),
      onReply: {
        success: B.bidAccepted,
        failure: B.bidRejected,
        apply: (data, reply) => ({
          ...data,
          acceptedAmount: replyText(reply, 'amount', data.acceptedAmount),
          previousHoldId: replyText(reply, 'previousHoldId', data.previousHoldId),
          previousLeaderId: replyText(reply, 'previousLeaderId', data.previousLeaderId),
          endsAt: replyText(reply, 'endsAt', data.endsAt),
        }),
      },
      ...untilDone,
    })
    .step(BidSteps.releasePreviousHold, {
      participant: 'wallet',
      // Without a previous leader the wallet finds no hold and answers success (a no-op).
      command: ({ data }) => ({
        type: M.wallet.releaseHold,
        data: {
          forwardCommandId: releasePreviousCommandId(data.bidId),
          ...(data.previousHoldId ? { holdId: data.previousHoldId } : {}),
        } satisfies ReleaseHoldData,
      }),
      onReply: { success: M.wallet.holdReleased },
      ...untilDone,
    })
    .build();
}
