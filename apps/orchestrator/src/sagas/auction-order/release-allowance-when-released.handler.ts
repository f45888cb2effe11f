import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AllowanceReleasedData, AllowanceReleasedSchema, Envelope } from '@app/contracts';
import type { MessageHandler } from '@app/messaging';
import { SagaRunner } from '../infrastructure/saga.runner';
import { AUCTION_HOLD_RELEASE_SAGA, AuctionHoldReleaseData } from './auction-hold-release.saga';
import { allowanceReleaseId } from './auction-saga-ids';

/**
 * lot.events AllowanceReleased: the lot gave up a bidder's allowance (outbid, withdrawn, lot closed);
 * one AuctionHoldRelease saga per hold returns the money in the wallet. Saga ids derive from the hold
 * ids, so a redelivery starts nothing new. Runs inside the consumer's transaction.
 */
@Injectable()
export class ReleaseAllowanceWhenReleasedHandler implements MessageHandler<AllowanceReleasedData> {
  private readonly logger = new Logger(ReleaseAllowanceWhenReleasedHandler.name);
  readonly schema = AllowanceReleasedSchema;

  constructor(private readonly runner: SagaRunner) {}

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, AllowanceReleasedData>,
  ): Promise<void> {
    for (const holdId of data.holdIds) {
      const release: AuctionHoldReleaseData = {
        lotId: data.lotId,
        holdId,
        userId: data.bidderId,
        reason: data.reason,
      };
      const start = {
        sagaId: allowanceReleaseId(holdId),
        sagaType: AUCTION_HOLD_RELEASE_SAGA,
        data: release,
        correlationId: metadata.correlationId,
        now: Date.now(),
        actor: 'reply' as const,
      };
      const outcome = await this.runner.startOnce(manager, start);
      if (outcome.kind === 'refused')
        this.logger.warn({ message: 'allowance release not started', holdId, code: outcome.code });
    }
  }
}
