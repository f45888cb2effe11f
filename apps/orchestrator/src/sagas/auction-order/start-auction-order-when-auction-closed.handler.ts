import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, platformFeeBps } from '@app/common';
import { AuctionClosedData, AuctionClosedSchema, Envelope } from '@app/contracts';
import type { MessageHandler } from '@app/messaging';
import { SagaRunner } from '../infrastructure/saga.runner';
import { AUCTION_HOLD_RELEASE_SAGA, AuctionHoldReleaseData } from './auction-hold-release.saga';
import { AUCTION_ORDER_SAGA, AuctionOrderData } from './auction-order.saga';
import { auctionHoldReleaseId, auctionOrderId } from './auction-saga-ids';
import { WinningBidRepository } from './winning-bid.repository';

/**
 * lot.events AuctionClosed: SOLD starts the AuctionOrder saga (id derived from the lotId, so a redelivery
 * never starts a second order); UNSOLD with a leading hold (reserve not met) starts AuctionHoldRelease.
 * Runs inside the consumer's transaction (inbox row + saga events + first command in the outbox). The
 * order states the platform's fee rate of the moment (GAVEL_PLATFORM_FEE_BPS, read at boot).
 */
@Injectable()
export class StartAuctionOrderWhenAuctionClosedHandler implements MessageHandler<AuctionClosedData> {
  private readonly logger = new Logger(StartAuctionOrderWhenAuctionClosedHandler.name);
  readonly schema = AuctionClosedSchema;
  private readonly feeBps = platformFeeBps();

  constructor(
    private readonly runner: SagaRunner,
    private readonly bids: WinningBidRepository,
  ) {}

  async handle(
    manager: EntityManager,
    { data, metadata }: Envelope<string, AuctionClosedData>,
  ): Promise<void> {
    if (data.outcome === 'SOLD') return this.startOrder(manager, data, metadata.correlationId);
    // Allowance holds are released by the lot's AllowanceReleased; a PlaceBid leader's hold is named here.
    if (data.holdId) {
      const release: AuctionHoldReleaseData = {
        lotId: data.lotId,
        holdId: data.holdId,
        ...(data.winnerId ? { userId: data.winnerId } : {}),
        ...(data.reason ? { reason: data.reason } : {}),
      };
      return this.start(
        manager,
        auctionHoldReleaseId(data.lotId),
        AUCTION_HOLD_RELEASE_SAGA,
        release,
        metadata.correlationId,
      );
    }
    this.logger.log({
      message: 'auction closed unsold, nothing held',
      lotId: data.lotId,
      reason: data.reason,
    });
  }

  private async startOrder(
    manager: EntityManager,
    e: AuctionClosedData,
    correlationId: string,
  ): Promise<void> {
    if (!e.winnerId || !e.amount || !e.holdId) {
      throw new DomainError(
        'ORDER.INVALID_AUCTION_RESULT',
        `Lot ${e.lotId} sold without winner, amount or hold`,
        'validation',
      );
    }
    // The lot names the winner's address; a winner placed by the former PlaceBid saga gave it to the saga.
    const address = e.address ?? (await this.bids.byHold(manager, e.holdId))?.address;
    if (!address) {
      // Dead-lettered with this reason: an operator must supply the address; the hold stays until then.
      throw new DomainError(
        'ORDER.ADDRESS_UNKNOWN',
        `No winning bid with an address holds ${e.holdId} (lot ${e.lotId})`,
        'unprocessable',
      );
    }
    const orderId = auctionOrderId(e.lotId);
    const order: AuctionOrderData = {
      orderId,
      lotId: e.lotId,
      buyerId: e.winnerId,
      sellerId: e.sellerId,
      sku: e.sku,
      quantity: 1,
      amount: e.amount,
      address,
      feeBps: this.feeBps,
      holdId: e.holdId,
      ...(e.mergeHoldIds?.length ? { mergeHoldIds: e.mergeHoldIds } : {}),
    };
    await this.start(manager, orderId, AUCTION_ORDER_SAGA, order, correlationId);
  }

  /** Starts the saga unless it exists (a redelivered or repeated AuctionClosed). */
  private async start(
    manager: EntityManager,
    sagaId: string,
    sagaType: string,
    data: object,
    correlationId: string,
  ): Promise<void> {
    const start = { sagaId, sagaType, data, correlationId, now: Date.now(), actor: 'reply' as const };
    const outcome = await this.runner.startOnce(manager, start);
    if (outcome.kind === 'existing')
      this.logger.log({ message: 'auction saga already started', sagaId, sagaType });
    if (outcome.kind === 'refused')
      this.logger.warn({ message: 'auction saga start ignored', sagaId, code: outcome.code });
  }
}
