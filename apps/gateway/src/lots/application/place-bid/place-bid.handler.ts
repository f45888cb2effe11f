import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { intEnv } from '@app/common';
import type { BidView } from '@app/contracts';
import type { AuthUser } from '../../../auth/domain/user';
import { GATEWAY_CONFIG, GatewayConfig } from '../../../gateway.config';
import { callerOf } from '../../../shared/caller';
import { longPoll } from '../../../shared/long-poll';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { asBidView, bidIdFor } from '../../domain/bid';
import { PlaceBidCommand, PlaceBidOutcome } from './place-bid.command';

/**
 * Starts a PlaceBid saga at the orchestrator, then long-polls the bid (`GET /bids/:id?waitMs=`, answered
 * by the orchestrator as soon as the bid settles) until it settles or the wait (GAVEL_BID_WAIT_MS,
 * default 6000: longer than the orchestrator's 5 s funds deadline, so a bid whose wallet is slow or down
 * is answered "not placed" in the same request) runs out. A retry with the same Idempotency-Key names the same bid.
 */
@CommandHandler(PlaceBidCommand)
export class PlaceBidHandler implements ICommandHandler<PlaceBidCommand, PlaceBidOutcome> {
  private readonly waitMs = intEnv('GAVEL_BID_WAIT_MS', 6000);

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
    const view = await longPoll(
      (waitMs) => this.fetch(bidId, bidder, waitMs),
      (v) => v.status !== 'PENDING',
      deadline,
      this.config.orderPollMs,
    );
    return view && view.status !== 'PENDING'
      ? { settled: true, bid: view }
      : { settled: false, bidId, amount: String(bid.amount) };
  }

  /** The bid's state once settled or at the deadline; undefined while the orchestrator cannot tell. */
  private async fetch(bidId: string, bidder: AuthUser, waitMs: number): Promise<BidView | undefined> {
    try {
      const res = await this.upstream.call('orchestrator', {
        method: 'GET',
        path: `/bids/${bidId}`,
        waitMs,
        caller: callerOf(bidder),
      });
      return asBidView(res.body);
    } catch {
      return undefined;
    }
  }
}
