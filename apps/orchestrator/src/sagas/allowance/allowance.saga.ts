/**
 * The BidAllowance saga, version 1 (libs/contracts/src/bid-saga.ts): money held in the wallet for one
 * bidder on one lot, so the lot decides that bidder's bids alone. holdFunds places a hold of `amount`
 * (reference `allowance:<lotId>:<bidderId>`); grantAllowance adds it to the bidder's allowance on the lot
 * (the pivot). A refusal by the wallet or the lot compensates holdFunds. holdFunds has the bid's business
 * deadline (GAVEL_BID_FUNDS_DEADLINE_MS, 5 s): a wallet that does not answer by then gets the allowance
 * refused, and the hold, if it appears later, released.
 */
import { AllowanceSagaMessages as A, GrantAllowanceData } from '@app/contracts';
import { defineSaga, replyText, SagaDefinition } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { compensationTiming, forwardTiming, holdFundsStep } from '../saga-steps';

export const BID_ALLOWANCE_SAGA = 'BidAllowance';

export interface AllowanceData {
  allowanceId: string;
  lotId: string;
  bidderId: string;
  /** This raise, integer minor units as a decimal string. */
  amount: string;
  keepWhenOutbid: boolean;
  holdId?: string;
  /** The bidder's whole allowance on the lot once granted. */
  allowance?: string;
}

export const AllowanceSteps = { holdFunds: 'holdFunds', grantAllowance: 'grantAllowance' } as const;

export function buildBidAllowanceSagaV1(p: SagaPolicies = sagaPolicies()): SagaDefinition<AllowanceData> {
  return defineSaga<AllowanceData>(BID_ALLOWANCE_SAGA, 1)
    .step(
      AllowanceSteps.holdFunds,
      holdFundsStep(
        (data) => ({
          userId: data.bidderId,
          amount: data.amount,
          reference: `allowance:${data.lotId}:${data.bidderId}`,
        }),
        { forward: forwardTiming(p, p.bidFundsDeadlineMs), compensation: compensationTiming(p) },
      ),
    )
    .step(AllowanceSteps.grantAllowance, {
      participant: 'lot',
      command: ({ data }) => ({
        type: A.grantAllowance,
        data: {
          lotId: data.lotId,
          bidderId: data.bidderId,
          holdId: data.holdId ?? '',
          amount: data.amount,
          keepWhenOutbid: data.keepWhenOutbid,
        } satisfies GrantAllowanceData,
      }),
      onReply: {
        success: A.allowanceGranted,
        failure: A.allowanceRefused,
        apply: (data, reply) => ({ ...data, allowance: replyText(reply, 'allowance', data.allowance) }),
      },
      ...forwardTiming(p),
    })
    .build();
}
