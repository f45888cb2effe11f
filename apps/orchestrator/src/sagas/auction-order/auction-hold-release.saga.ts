/**
 * The AuctionHoldRelease saga, version 1: an auction closed unsold (reserve not met) while a leader's
 * hold was still active; one step releases it through the outbox like every other command. It cannot
 * fail (a missing or already released hold is a no-op), so it is retried until the wallet answers.
 */
import { OrderSagaMessages as M, ReleaseHoldData } from '@app/contracts';
import { defineSaga, SagaDefinition } from '@app/saga';
import { SagaPolicies, sagaPolicies } from '../saga-policies';
import { forwardTiming } from '../saga-steps';

export const AUCTION_HOLD_RELEASE_SAGA = 'AuctionHoldRelease';

export interface AuctionHoldReleaseData {
  lotId: string;
  holdId: string;
  userId?: string;
  reason?: string;
}

export function buildAuctionHoldReleaseSagaV1(
  p: SagaPolicies = sagaPolicies(),
): SagaDefinition<AuctionHoldReleaseData> {
  return defineSaga<AuctionHoldReleaseData>(AUCTION_HOLD_RELEASE_SAGA, 1)
    .step('releaseHold', {
      participant: 'wallet',
      command: ({ data }) => ({
        type: M.wallet.releaseHold,
        data: { forwardCommandId: `lot:${data.lotId}:unsold`, holdId: data.holdId } satisfies ReleaseHoldData,
      }),
      onReply: { success: M.wallet.holdReleased },
      ...forwardTiming(p),
    })
    .build();
}
