import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { setTimeout as sleep } from 'node:timers/promises';
import { intEnv } from '@app/common';
import type { AuthUser } from '../../../auth/domain/user';
import { GATEWAY_CONFIG, GatewayConfig } from '../../../gateway.config';
import { callerOf } from '../../../shared/caller';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { asBidView, bidIdFor, BidView } from '../../domain/bid';
import { PlaceBidCommand, PlaceBidOutcome } from './place-bid.command';

/**
 * Starts a PlaceBid saga at the orchestrator, then polls the bid until it settles or the wait
 * (GAVEL_BID_WAIT_MS, default 3000) runs out. A retry with the same Idempotency-Key names the same bid.
 */
@CommandHandler(PlaceBidCommand)
export class PlaceBidHandler implements ICommandHandler<PlaceBidCommand, PlaceBidOutcome> {
  private readonly waitMs = intEnv('GAVEL_BID_WAIT_MS', 3000);

  constructor(
    private readonly upstream: UpstreamClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute({ bidder, lotId, bid, idempotencyKey }: PlaceBidCommand): Promise<PlaceBidOutcome> {
    const deadline = Date.now() + this.waitMs;
    const bidId = bidIdFor(bidder.userId, idempotencyKey);
    await this.upstream.call('orchestrator', {
      method: 'POST',
      path: '/bids',
      body: { bidId, lotId, bidderId: bidder.userId, ...bid },
      caller: callerOf(bidder),
    });
    let view = await this.fetch(bidId, bidder);
    while (view?.status !== 'ACCEPTED' && view?.status !== 'REJECTED' && Date.now() < deadline) {
      await sleep(Math.min(this.config.orderPollMs, Math.max(0, deadline - Date.now())));
      view = (await this.fetch(bidId, bidder)) ?? view;
    }
    return view && view.status !== 'PENDING' ? { settled: true, bid: view } : { settled: false, bidId, amount: String(bid.amount) };
  }

  /** The bid's current state; undefined while the orchestrator cannot tell. */
  private async fetch(bidId: string, bidder: AuthUser): Promise<BidView | undefined> {
    try {
      const res = await this.upstream.call('orchestrator', { method: 'GET', path: `/bids/${bidId}`, caller: callerOf(bidder) });
      return asBidView(res.body);
    } catch {
      return undefined;
    }
  }
}
