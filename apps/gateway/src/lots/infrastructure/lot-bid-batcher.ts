import { Injectable } from '@nestjs/common';
import { intEnv } from '@app/common';
import type { UserRole } from '@app/contracts';
import { LotReplicas } from './lot-replicas/lot-replicas';
import { lotRequests } from './lot-replicas/lot-routing.metrics';
import {
  lotAnswerError,
  lotCallFailure,
  LotServiceClient,
  LotServiceResponse,
  lotTransportError,
  parseJson,
} from './lot-service.client';

/** A bid as the lot service takes it (POST /lots/:id/bids). */
export interface LotBid {
  bidId: string;
  bidderId: string;
  amount: string;
  maxAmount?: string;
  address?: unknown;
}

/** A batch's bids stop here (the lot service takes up to 1 MB at /bids/batch); a larger bid goes alone. */
const BATCH_BYTES = 256 * 1024;

interface Pending {
  lotId: string;
  bid: LotBid;
  /** The bid as its batch carries it (JSON with its lotId). */
  json: string;
  caller?: { userId: string; role: UserRole };
  resolve: (answer: LotServiceResponse) => void;
  reject: (error: unknown) => void;
}

interface BatchAnswer {
  status: number;
  body: unknown;
}

/**
 * Sends bids to their lot's replica in batches (POST /bids/batch), so a bidding war costs the gateway
 * and the lot service one HTTP exchange per batch instead of one per bid. Nothing waits for a timer:
 * a bid goes out at once while fewer than GAVEL_LOT_BID_BATCH_CALLS (2, the bid desk's own pipeline:
 * one batch decides while the previous commits) batch calls are in flight to its replica; bids that
 * arrive meanwhile leave together (up to GAVEL_LOT_BID_BATCH, 128) when a call returns. Four calls won
 * the short A/B runs and lost both long ones (bench/results/README.md, session 11): two stays.
 *
 * Each bid's answer is what POST /lots/:id/bids would have answered, and every failure is answered as
 * LotServiceClient answers it: a replica that refused the connection or dropped it is marked down and
 * each bid of the batch is sent alone through LotServiceClient (to the next replica: the same bid id
 * gets the same decision anywhere); no answer in time → 504 for each; a replica without the batch
 * endpoint (an older version during a rollout) gets single bids from then on.
 * GAVEL_LOT_BID_BATCHING=false sends every bid alone.
 */
@Injectable()
export class LotBidBatcher {
  private readonly enabled = process.env.GAVEL_LOT_BID_BATCHING !== 'false';
  private readonly maxCalls = Math.max(1, intEnv('GAVEL_LOT_BID_BATCH_CALLS', 2));
  private readonly maxBatch = Math.min(256, Math.max(1, intEnv('GAVEL_LOT_BID_BATCH', 128)));
  private readonly queues = new Map<string, Pending[]>();
  private readonly calls = new Map<string, number>();
  private readonly withoutBatches = new Set<string>();

  constructor(
    private readonly lots: LotServiceClient,
    private readonly replicas: LotReplicas,
  ) {}

  /** The lot's answer to the bid: resolves with a 2xx answer, rejects with the HttpException of any other. */
  place(lotId: string, bid: LotBid, caller?: Pending['caller']): Promise<LotServiceResponse> {
    const replica = this.replicas.orderFor(lotId)[0];
    if (!this.enabled || replica === undefined || this.withoutBatches.has(replica)) {
      return this.alone({ lotId, bid, caller });
    }
    return new Promise<LotServiceResponse>((resolve, reject) => {
      const queue = this.queues.get(replica) ?? [];
      const json = JSON.stringify({ lotId, ...bid });
      queue.push({ lotId, bid, json, caller, resolve, reject });
      this.queues.set(replica, queue);
      this.pump(replica);
    });
  }

  private pump(replica: string): void {
    const queue = this.queues.get(replica);
    while (queue && queue.length > 0 && (this.calls.get(replica) ?? 0) < this.maxCalls) {
      const batch = queue.splice(0, batchLength(queue, this.maxBatch));
      this.calls.set(replica, (this.calls.get(replica) ?? 0) + 1);
      void this.send(replica, batch).finally(() => {
        this.calls.set(replica, (this.calls.get(replica) ?? 1) - 1);
        this.pump(replica);
      });
    }
    if (queue?.length === 0) this.queues.delete(replica);
  }

  private async send(replica: string, batch: Pending[]): Promise<void> {
    lotRequests.inc({ replica });
    let status: number;
    let text: string;
    try {
      const res = await this.lots.exchange(replica, {
        method: 'POST',
        path: '/bids/batch',
        jsonText: `{"bids":[${batch.map((p) => p.json).join(',')}]}`,
      });
      status = res.status;
      text = res.body.toString('utf8');
    } catch (e) {
      const failure = lotCallFailure(e);
      if (failure === 'refused' || failure === 'reset') {
        this.replicas.markDown(replica);
        return this.eachAlone(batch);
      }
      const error = lotTransportError(e);
      for (const p of batch) p.reject(error);
      return;
    }
    if (status === 404 || status === 405) {
      this.withoutBatches.add(replica);
      return this.eachAlone(batch);
    }
    const json = parseJson(text) as { answers?: BatchAnswer[] } | undefined;
    const answers = json?.answers;
    if (status !== 200 || !Array.isArray(answers) || answers.length !== batch.length) {
      const error = lotAnswerError(status, json);
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const a = answers[i];
      if (a.status >= 200 && a.status < 300)
        p.resolve({ status: a.status, contentType: 'application/json', body: a.body });
      else p.reject(lotAnswerError(a.status, a.body));
    });
  }

  private async eachAlone(batch: Pending[]): Promise<void> {
    await Promise.all(batch.map((p) => this.alone(p).then(p.resolve, p.reject)));
  }

  private alone({
    lotId,
    bid,
    caller,
  }: Pick<Pending, 'lotId' | 'bid' | 'caller'>): Promise<LotServiceResponse> {
    return this.lots.call({
      method: 'POST',
      path: `/lots/${lotId}/bids`,
      lotId,
      // the same bid id gets the same decision: safe to send on to the next replica
      idempotent: true,
      json: bid,
      ...(caller ? { caller } : {}),
    });
  }
}

/** How many of the queue's first bids make the next batch: at most `max`, and BATCH_BYTES (one at least). */
function batchLength(queue: Pending[], max: number): number {
  let bytes = 0;
  for (let n = 0; n < Math.min(max, queue.length); n++) {
    bytes += queue[n].json.length + 1;
    if (bytes > BATCH_BYTES) return Math.max(1, n);
  }
  return Math.min(max, queue.length);
}
