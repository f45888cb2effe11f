import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AllowanceFailureCodes, AuctionExtended, BidFailureCodes, Outbid } from '@app/contracts';
import { intEnv, preparedQuery } from '@app/common';
import { OutboxMessage, outboxInsert } from '@app/outbox';
import { Allowance, commitmentOf, decideFunds, releasedWhenOutbid } from '../../domain/allowance';
import { decideBid } from '../../domain/bidding';
import { maxOf } from '../../domain/pricing';
import { releaseAllowances } from '../../infrastructure/allowances';
import { bidPlaced, lotEvent } from '../../infrastructure/lot-events';
import { isLotId } from '../../infrastructure/lot.repository';
import { auctionState, LOT_COLUMNS, LotRow, nextBidOf } from '../../infrastructure/lot.rows';
import { closeLot } from '../close-auctions/close-lot';
import { AcceptedAnswer, BidAnswer, BidRequest, RejectedAnswer } from './bid-desk.types';
import { readBatchState } from './batch-state';
import { bidBatchSeconds, bidBatchSize, bidDecisions } from './bid-desk.metrics';

interface Waiter {
  request: BidRequest;
  resolve: (answer: BidAnswer) => void;
  reject: (error: Error) => void;
}

interface BidRow {
  id: string;
  lotId: string;
  bidderId: string;
  amount: string;
  maxAmount: string | null;
  proxy: boolean;
  address: string | null;
}

/** Everything one batch decided, written in one transaction. */
class BatchWrites {
  readonly decisions: BidAnswer[] = [];
  readonly bids: BidRow[] = [];
  readonly events: OutboxMessage[] = [];
  readonly touched = new Map<string, LotRow>();
  readonly releases: { lotId: string; bidderId: string }[] = [];
  readonly buyNow: string[] = [];
}

/**
 * The bid desk: one durable decision per bid, decided by the lot service alone (no saga round trip)
 * and committed in groups. Bids that arrive while a commit is in flight wait and are decided together
 * in the next transaction (up to GAVEL_BID_BATCH, 256; GAVEL_BID_DESK_CONCURRENCY, 2, batches in flight,
 * so one decides while the previous commits): the batch's lots are locked in id order (the
 * row lock makes one writer per lot at a time, whichever replica holds it), each bid is decided in
 * arrival order against the lot as the earlier bids of the batch left it, and decisions, bids, lot rows,
 * released allowances and the outbox events (BidPlaced, Outbid, AuctionExtended, AllowanceReleased,
 * AuctionClosed on buy-now) are written with one statement per table. An answer is given only after
 * COMMIT (synchronous commit), so an acknowledged bid is never lost; every final answer is kept in
 * `bid_decisions`, so the same bid id always gets the same answer.
 *
 * A bid whose commitment exceeds the bidder's allowance on the lot is answered LOT.ALLOWANCE_TOO_LOW
 * with the shortfall and is not recorded as final: the caller raises the allowance and sends it again.
 */
@Injectable()
export class BidDesk implements OnApplicationShutdown {
  private readonly logger = new Logger(BidDesk.name);
  private readonly maxBatch = Math.max(1, intEnv('GAVEL_BID_BATCH', 256));
  /** Batches in flight at once: the next one decides while the previous commits (row locks order them). */
  private readonly concurrency = Math.max(1, intEnv('GAVEL_BID_DESK_CONCURRENCY', 2));
  private queue: Waiter[] = [];
  private running = 0;
  private readonly lotsInFlight = new Set<string>();
  private readonly idle: (() => void)[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Decides the bid; resolves after its decision is committed (or was committed before). */
  submit(request: BidRequest): Promise<BidAnswer> {
    return new Promise<BidAnswer>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.kick();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private kick(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // every queued bid waits for its lot's batch in flight
      const lots = new Set(batch.map((w) => w.request.lotId));
      lots.forEach((lotId) => this.lotsInFlight.add(lotId));
      this.running++;
      void this.runBatch(batch).finally(() => {
        lots.forEach((lotId) => this.lotsInFlight.delete(lotId));
        this.running--;
        if (this.queue.length > 0) this.kick();
        else if (this.running === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
    }
  }

  /**
   * The next batch: queued bids, in arrival order, on lots that no batch of this desk has in flight (so
   * two batches never wait for each other's row locks); the others keep their place in the queue.
   */
  private takeBatch(): Waiter[] {
    const taken: Waiter[] = [];
    const kept: Waiter[] = [];
    for (const w of this.queue) {
      if (taken.length < this.maxBatch && !this.lotsInFlight.has(w.request.lotId)) taken.push(w);
      else kept.push(w);
    }
    this.queue = kept;
    return taken;
  }

  private async runBatch(batch: Waiter[]): Promise<void> {
    try {
      const started = performance.now();
      const answers = await this.dataSource.transaction((m) =>
        this.decide(
          m,
          batch.map((w) => w.request),
        ),
      );
      bidBatchSeconds.observe((performance.now() - started) / 1000);
      bidBatchSize.observe(batch.length);
      batch.forEach((w, i) => {
        const a = answers[i];
        bidDecisions.inc({ status: a.status, code: a.status === 'REJECTED' ? a.code : '' });
        w.resolve(a);
      });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      this.logger.warn({
        message: 'bid batch failed, nothing was decided',
        bids: batch.length,
        error: error.message,
      });
      for (const w of batch) w.reject(error);
    }
  }

  /** Decides a batch inside one transaction; answers in request order. */
  private async decide(manager: EntityManager, requests: BidRequest[]): Promise<BidAnswer[]> {
    // Lots first: a bid id sent again meanwhile (another batch, another replica) was decided by whoever
    // held the lot before us, and its decision is visible once we hold it.
    const lotIds = [...new Set(requests.map((r) => r.lotId))].filter((id) => isLotId(id)).sort();
    const { lots, now } = await this.lockLots(manager, lotIds);
    const { known, allowances } = await readBatchState(manager, requests, lots);
    const w = new BatchWrites();
    const answers = requests.map((r) => {
      const answer = known.get(r.bidId) ?? this.decideOne(r, lots, allowances, now, w);
      if (answer.status === 'ACCEPTED' || answer.code !== AllowanceFailureCodes.tooLow)
        known.set(r.bidId, answer);
      return answer;
    });
    await this.write(manager, w, lots, now);
    return answers;
  }

  private decideOne(
    r: BidRequest,
    lots: Map<string, LotRow>,
    allowances: Map<string, Allowance>,
    now: Date,
    w: BatchWrites,
  ): BidAnswer {
    const lot = lots.get(r.lotId);
    const reject = (code: string, reason: string, details: Record<string, string> = {}, final = true) => {
      const answer: RejectedAnswer = {
        status: 'REJECTED',
        bidId: r.bidId,
        lotId: r.lotId,
        bidderId: r.bidderId,
        amount: r.amount.toString(),
        code,
        reason,
        details: {
          ...(lot?.current_price ? { currentPrice: lot.current_price } : {}),
          ...(lot && lot.status === 'OPEN' ? { minimumNextBid: nextBidOf(lot).toString() } : {}),
          ...details,
        },
        decidedAt: now.toISOString(),
      };
      if (final) {
        w.decisions.push(answer);
        // A bidder who does not lead keeps no allowance they did not ask to keep (e.g. one raised for this bid).
        if (lot && lot.leader_id !== r.bidderId) this.releaseIfNotKept(lot.id, r.bidderId, allowances, w);
      }
      return answer;
    };
    if (!lot) return reject(BidFailureCodes.notFound, `no lot ${r.lotId}`);
    const bid = { bidderId: r.bidderId, amount: r.amount, maxAmount: r.maxAmount };
    const decision = decideBid(auctionState(lot), bid, now);
    if (decision.kind === 'rejected') return reject(decision.code, decision.reason);
    if (decision.kind === 'outbidByProxy') {
      this.placeProxyBid(lot, `${r.bidId}:proxy`, decision.amount, now, w);
      return reject(BidFailureCodes.tooLow, `outbid by the leader's proxy maximum at ${decision.amount}`);
    }
    const key = `${lot.id}\n${r.bidderId}`;
    const funds = decideFunds(allowances.get(key), commitmentOf(bid, decision.price));
    if (funds.kind === 'short') {
      return reject(
        AllowanceFailureCodes.tooLow,
        `this bid commits ${funds.required}; your allowance on this lot is ${funds.allowance}`,
        { allowance: funds.allowance.toString(), required: funds.required.toString() },
        false,
      );
    }
    const before = { ...lot };
    lot.current_price = decision.price.toString();
    lot.leader_id = r.bidderId;
    lot.leader_bid_id = r.bidId;
    lot.leader_hold_id = null;
    lot.leader_max = (r.maxAmount === null ? decision.price : maxOf(r.maxAmount, decision.price)).toString();
    lot.bid_count += 1;
    if (decision.endsAt) lot.ends_at = decision.endsAt;
    w.touched.set(lot.id, lot);
    w.bids.push({
      id: r.bidId,
      lotId: lot.id,
      bidderId: r.bidderId,
      amount: decision.price.toString(),
      maxAmount: r.maxAmount?.toString() ?? null,
      proxy: false,
      address: r.address ? JSON.stringify(r.address) : null,
    });
    w.events.push(
      lotEvent(lot.id, bidPlaced(lot, r.bidId, r.bidderId, decision.price, now, decision.price !== r.amount)),
    );
    if (before.leader_id !== null && before.leader_id !== r.bidderId && before.current_price !== null) {
      const outbid: Outbid = {
        type: 'Outbid',
        data: {
          lotId: lot.id,
          userId: before.leader_id,
          previousAmount: before.current_price,
          newAmount: lot.current_price,
        },
      };
      w.events.push(lotEvent(lot.id, outbid));
      this.releaseIfNotKept(lot.id, before.leader_id, allowances, w);
    }
    if (decision.endsAt) {
      const extended: AuctionExtended = {
        type: 'AuctionExtended',
        data: {
          lotId: lot.id,
          previousEndsAt: before.ends_at.toISOString(),
          endsAt: decision.endsAt.toISOString(),
          byBidId: r.bidId,
        },
      };
      w.events.push(lotEvent(lot.id, extended));
    }
    if (decision.buyNow) {
      lot.status = 'CLOSED';
      w.buyNow.push(lot.id);
    }
    const answer: AcceptedAnswer = {
      status: 'ACCEPTED',
      bidId: r.bidId,
      lotId: lot.id,
      bidderId: r.bidderId,
      amount: decision.price.toString(),
      minimumNextBid: nextBidOf(lot).toString(),
      endsAt: lot.ends_at.toISOString(),
      decidedAt: now.toISOString(),
    };
    w.decisions.push(answer);
    return answer;
  }

  private releaseIfNotKept(
    lotId: string,
    bidderId: string,
    allowances: Map<string, Allowance>,
    w: BatchWrites,
  ): void {
    const key = `${lotId}\n${bidderId}`;
    if (!releasedWhenOutbid(allowances.get(key))) return;
    allowances.delete(key);
    w.releases.push({ lotId, bidderId });
  }

  /** The system bids for the current leader up to their maximum; the leader's exposure does not change. */
  private placeProxyBid(lot: LotRow, bidId: string, amount: bigint, now: Date, w: BatchWrites): void {
    lot.current_price = amount.toString();
    lot.bid_count += 1;
    w.touched.set(lot.id, lot);
    w.bids.push({
      id: bidId,
      lotId: lot.id,
      bidderId: lot.leader_id ?? '',
      amount: amount.toString(),
      maxAmount: lot.leader_max,
      proxy: true,
      address: null,
    });
    w.events.push(lotEvent(lot.id, bidPlaced(lot, bidId, lot.leader_id ?? '', amount, now, true)));
  }

  private async lockLots(
    manager: EntityManager,
    lotIds: string[],
  ): Promise<{ lots: Map<string, LotRow>; now: Date }> {
    const { rows } = await preparedQuery<LotRow & { db_now: Date }>(
      manager,
      'lot_desk_lock_lots',
      `SELECT ${LOT_COLUMNS}, clock_timestamp() AS db_now FROM lots WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [lotIds],
    );
    const now = rows[0]?.db_now ?? new Date();
    return { lots: new Map(rows.map(({ db_now: _, ...lot }) => [lot.id, lot as LotRow])), now };
  }

  private async write(
    manager: EntityManager,
    w: BatchWrites,
    lots: Map<string, LotRow>,
    now: Date,
  ): Promise<void> {
    // Outbid bidders' allowances first (rare: most keep theirs), then decisions, bids, lot rows and the
    // outbox events in one statement (one round trip); empty arrays insert nothing.
    const released = await releaseAllowances(manager, w.releases, 'OUTBID');
    const d = w.decisions;
    const b = w.bids;
    const t = [...w.touched.values()];
    const events = outboxInsert([...w.events, ...released], 25);
    // A fixed text (the outbox part's parameters start at $25 whatever the batch), so one prepared statement.
    await preparedQuery(
      manager,
      'lot_desk_write',
      `WITH decided AS (
         INSERT INTO bid_decisions (bid_id, lot_id, bidder_id, status, amount, code, reason, details, decided_at)
         SELECT b, l, u, s, a::bigint, c, r, d::jsonb, $1 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[],
           $6::text[], $7::text[], $8::text[], $9::text[]) AS t(b, l, u, s, a, c, r, d)
         ON CONFLICT (bid_id) DO NOTHING),
       placed AS (
         INSERT INTO bids (id, lot_id, bidder_id, amount, max_amount, proxy, address, placed_at)
         SELECT i, l::uuid, u, a::bigint, m::bigint, p, ad::jsonb, $1::timestamptz + n * interval '1 microsecond'
         FROM unnest($10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::boolean[], $16::text[])
           WITH ORDINALITY AS t(i, l, u, a, m, p, ad, n)
         ON CONFLICT (id) DO NOTHING),
       events AS (${events.sql})
       UPDATE lots SET current_price = v.p::bigint, leader_id = v.l, leader_bid_id = v.b, leader_hold_id = v.h,
         leader_max = v.m::bigint, bid_count = v.c, ends_at = v.e, updated_at = now()
       FROM unnest($17::uuid[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::int[],
         $24::timestamptz[]) AS v(id, p, l, b, h, m, c, e)
       WHERE lots.id = v.id`,
      [
        now,
        d.map((a) => a.bidId),
        d.map((a) => a.lotId),
        d.map((a) => a.bidderId),
        d.map((a) => a.status),
        d.map((a) => a.amount),
        d.map((a) => (a.status === 'REJECTED' ? a.code : null)),
        d.map((a) => (a.status === 'REJECTED' ? a.reason : null)),
        d.map((a) =>
          JSON.stringify(
            a.status === 'REJECTED' ? a.details : { minimumNextBid: a.minimumNextBid, endsAt: a.endsAt },
          ),
        ),
        b.map((x) => x.id),
        b.map((x) => x.lotId),
        b.map((x) => x.bidderId),
        b.map((x) => x.amount),
        b.map((x) => x.maxAmount),
        b.map((x) => x.proxy),
        b.map((x) => x.address),
        t.map((l) => l.id),
        t.map((l) => l.current_price),
        t.map((l) => l.leader_id),
        t.map((l) => l.leader_bid_id),
        t.map((l) => l.leader_hold_id),
        t.map((l) => l.leader_max),
        t.map((l) => l.bid_count),
        t.map((l) => l.ends_at),
        ...events.params,
      ],
    );
    for (const lotId of w.buyNow) {
      const lot = lots.get(lotId);
      if (lot) await closeLot(manager, { ...lot, status: 'OPEN' }, now, true);
    }
  }
}
