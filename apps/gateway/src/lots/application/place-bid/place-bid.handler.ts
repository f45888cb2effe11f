import { HttpException, Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { intEnv, uuidV5 } from '@app/common';
import type { AuthUser } from '../../../auth/domain/user';
import { GATEWAY_CONFIG, GatewayConfig } from '../../../gateway.config';
import { callerOf } from '../../../shared/caller';
import { httpError } from '../../../shared/http-error';
import { longPoll } from '../../../shared/long-poll';
import { UpstreamClient } from '../../../upstream/upstream.client';
import { LotBidBatcher } from '../../infrastructure/lot-bid-batcher';
import { BID_ID_NAMESPACE, BID_NOT_PLACED, bidIdFor, rejectionStatus } from '../../domain/bid';
import { AcceptedBid, PlaceBidCommand } from './place-bid.command';

const ALLOWANCE_TOO_LOW = 'LOT.ALLOWANCE_TOO_LOW';
/** A bid may find its raise overtaken by a higher bid of its own bidder; it raises again at most this often. */
const MAX_RAISES = 3;

interface AllowanceAnswer {
  status: 'PENDING' | 'GRANTED' | 'REFUSED';
  code?: string;
  reason?: string;
}

/**
 * Places a bid at the lot service (in a batch with the bids sent to the same replica meanwhile:
 * LotBidBatcher), which decides it alone and answers after the decision is committed (one durable
 * decision; no saga round trip). When the bid needs more than the bidder's allowance on
 * the lot (402 LOT.ALLOWANCE_TOO_LOW, with the shortfall), the gateway raises the allowance by the
 * shortfall through a BidAllowance saga (GAVEL_BID_AUTO_ALLOWANCE, on by default), waits for it
 * (GAVEL_BID_WAIT_MS, 6 s: longer than the 5 s funds deadline) and sends the same bid again. An
 * allowance raised this way is released when the bidder is outbid. A retry with the same
 * Idempotency-Key names the same bid and gets the same answer.
 */
@CommandHandler(PlaceBidCommand)
export class PlaceBidHandler implements ICommandHandler<PlaceBidCommand, AcceptedBid> {
  private readonly waitMs = intEnv('GAVEL_BID_WAIT_MS', 6000);
  private readonly autoAllowance = process.env.GAVEL_BID_AUTO_ALLOWANCE !== 'false';

  constructor(
    private readonly upstream: UpstreamClient,
    private readonly bids: LotBidBatcher,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute({ bidder, lotId, bid, idempotencyKey }: PlaceBidCommand): Promise<AcceptedBid> {
    const deadline = Date.now() + this.waitMs;
    const bidId = bidIdFor(bidder.userId, idempotencyKey);
    const body = {
      bidId,
      bidderId: bidder.userId,
      amount: String(bid.amount),
      ...(bid.maxAmount !== undefined ? { maxAmount: String(bid.maxAmount) } : {}),
      ...(bid.address ? { address: bid.address } : {}),
    };
    for (let raises = 0; ; raises++) {
      try {
        const res = await this.bids.place(lotId, body, callerOf(bidder));
        return res.body as AcceptedBid;
      } catch (e) {
        const shortfall = allowanceShortfall(e);
        if (!shortfall || !this.autoAllowance || raises >= MAX_RAISES) throw e;
        await this.raise(bidder, lotId, bidId, shortfall, deadline);
      }
    }
  }

  /** Raises the bidder's allowance on the lot by `by` (a saga) and waits until it is granted. */
  private async raise(
    bidder: AuthUser,
    lotId: string,
    bidId: string,
    by: bigint,
    deadline: number,
  ): Promise<void> {
    const allowanceId = uuidV5(`allowance\n${bidId}\n${by}`, BID_ID_NAMESPACE);
    await this.upstream.call('orchestrator', {
      method: 'POST',
      path: '/allowances',
      body: { allowanceId, lotId, bidderId: bidder.userId, amount: Number(by) },
      caller: callerOf(bidder),
    });
    const answer = await longPoll(
      (waitMs) => this.fetchAllowance(allowanceId, bidder, waitMs),
      (a) => a.status !== 'PENDING',
      deadline,
      this.config.orderPollMs,
    );
    if (answer?.status === 'GRANTED') return;
    if (!answer || answer.status === 'PENDING' || answer.code === BID_NOT_PLACED.cause) {
      throw httpError(
        503,
        BID_NOT_PLACED.code,
        'Your funds could not be held in time, so the bid was not placed; try again with a new Idempotency-Key',
        {
          bidId,
          allowanceId,
          cause: answer?.code ?? BID_NOT_PLACED.cause,
          retryAfterSeconds: BID_NOT_PLACED.retryAfterSeconds,
        },
      );
    }
    const code = answer.code ?? 'BID.REJECTED';
    throw httpError(
      rejectionStatus(code),
      code,
      answer.reason ?? 'The funds for this bid could not be held',
      {
        bidId,
      },
    );
  }

  private async fetchAllowance(
    id: string,
    bidder: AuthUser,
    waitMs: number,
  ): Promise<AllowanceAnswer | undefined> {
    try {
      const res = await this.upstream.call<AllowanceAnswer>('orchestrator', {
        method: 'GET',
        path: `/allowances/${id}`,
        waitMs,
        caller: callerOf(bidder),
      });
      return res.body;
    } catch {
      return undefined;
    }
  }
}

/** The shortfall named by a 402 LOT.ALLOWANCE_TOO_LOW from the lot, else undefined. */
function allowanceShortfall(e: unknown): bigint | undefined {
  if (!(e instanceof HttpException) || e.getStatus() !== 402) return undefined;
  const body = e.getResponse() as { code?: string; details?: { allowance?: string; required?: string } };
  if (body.code !== ALLOWANCE_TOO_LOW || !body.details?.required) return undefined;
  const short = BigInt(body.details.required) - BigInt(body.details.allowance ?? '0');
  return short > 0n ? short : undefined;
}
