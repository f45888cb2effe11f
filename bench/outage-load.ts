/**
 * The outage run's load: a bidding war through the gateway (as bench/bids.ts drives it) and a steady
 * Order saga load through the orchestrator's `POST /orders` (as bench/faults.ts does).
 *
 * Bidding war: each bidder in a loop picks one of the three open lots ending soonest (not one it leads),
 * reads its `minimumNextBid` (`GET /lots/:id`; while the lot service is down, the last amount it knows
 * + 1) and bids that — current price + increment — with an Idempotency-Key, then thinks a moment.
 * It stops bidding on a lot a second before the lot's end (soft close would otherwise extend it for as
 * long as the war goes on). Answers: 201 accepted (acknowledged), 202 still pending (resolved at the end
 * with `GET /bids/:id?waitMs=`), 409 outbid or closed, 402 no funds, 429 shed (waits Retry-After),
 * 503 not placed or upstream down (waits a second).
 */
import { randomUUID } from 'node:crypto';
import { ADDRESS, call, User } from './bids-setup';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface LotFixture {
  id: string;
  endsAt: number;
}

export interface BidRecord {
  bidId?: string;
  lotId: string;
  bidderId: string;
  amount: number;
  status: number;
  code?: string;
  at: number;
  /** After the run: what `GET /bids/:id` says of a 202. */
  final?: string;
}

export class BiddingWar {
  readonly answers: BidRecord[] = [];
  private readonly next = new Map<string, number>();
  private readonly leader = new Map<string, string>();
  private stopped = false;
  private n = 0;

  constructor(
    private readonly gw: string,
    private readonly bidders: User[],
    private readonly lots: LotFixture[],
    private readonly runId: string,
    private readonly thinkMs: [number, number],
  ) {}

  /** Resolves when every lot has ended (or `stop()`). */
  drive(): Promise<void> {
    return Promise.all(this.bidders.map((b) => this.bidder(b))).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
  }

  /** 201 answers, and 202s that ended ACCEPTED. */
  acknowledged(): BidRecord[] {
    return this.answers.filter(
      (a) => a.bidId && (a.status === 201 || (a.status === 202 && a.final === 'ACCEPTED')),
    );
  }

  statuses(from = 0, to = Infinity): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.answers) if (a.at >= from && a.at < to) out[a.status] = (out[a.status] ?? 0) + 1;
    return out;
  }

  codes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.answers) if (a.code) out[a.code] = (out[a.code] ?? 0) + 1;
    return out;
  }

  /** Asks each bidder's pending (202) bids until they settle or `deadline` passes. */
  async resolvePending(deadline: number): Promise<void> {
    const tokens = new Map(this.bidders.map((b) => [b.userId, b.token]));
    for (const a of this.answers.filter((x) => x.status === 202 && x.bidId)) {
      while (Date.now() < deadline) {
        const res = await call<{ status?: string }>(
          this.gw,
          'GET',
          `/bids/${a.bidId}?waitMs=5000`,
          tokens.get(a.bidderId),
        ).catch(() => undefined);
        a.final = res?.body?.status;
        if (a.final === 'ACCEPTED' || a.final === 'REJECTED') break;
        await sleep(1_000);
      }
    }
  }

  private async bidder(me: User): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const open = this.lots.filter((l) => l.endsAt - 1_000 > Date.now()).sort((a, b) => a.endsAt - b.endsAt);
      if (open.length === 0) return;
      const choices = open.slice(0, 3).filter((l) => this.leader.get(l.id) !== me.userId);
      if (choices.length > 0) await this.bidOnce(me, choices[Math.floor(Math.random() * choices.length)]);
      const [lo, hi] = this.thinkMs;
      await sleep(lo + Math.random() * (hi - lo));
    }
  }

  private async bidOnce(me: User, lot: LotFixture): Promise<void> {
    const seen = await call<{ minimumNextBid?: string; leaderId?: string; status?: string }>(
      this.gw,
      'GET',
      `/lots/${lot.id}`,
      me.token,
    ).catch(() => undefined);
    if (seen?.status === 200 && seen.body) {
      if (seen.body.leaderId === me.userId) return void this.leader.set(lot.id, me.userId);
      if (seen.body.minimumNextBid) this.raise(lot.id, Number(seen.body.minimumNextBid));
    }
    const amount = this.next.get(lot.id) ?? 100;
    const key = `outage-${this.runId}-${this.n++}-${randomUUID().slice(0, 8)}`;
    const record: BidRecord = { lotId: lot.id, bidderId: me.userId, amount, status: 0, at: Date.now() };
    const res = await call<{ bidId?: string; code?: string; details?: { bidId?: string } }>(
      this.gw,
      'POST',
      `/lots/${lot.id}/bids`,
      me.token,
      { amount, address: ADDRESS },
      { 'idempotency-key': key },
    ).catch(() => undefined);
    record.status = res?.status ?? 0;
    record.bidId = res?.body?.bidId ?? res?.body?.details?.bidId;
    record.code = res?.body?.code;
    record.at = Date.now();
    this.answers.push(record);
    if (record.status === 201) {
      this.leader.set(lot.id, me.userId);
      this.raise(lot.id, amount + 1);
    } else if (record.status === 409) this.raise(lot.id, amount + 1);
    else if (record.status === 429) await sleep(1_000);
    else if (record.status === 0 || record.status >= 500) await sleep(1_000);
  }

  private raise(lotId: string, amount: number): void {
    this.next.set(lotId, Math.max(this.next.get(lotId) ?? 0, amount));
  }
}

export interface OrderFixtures {
  sellerId: string;
  buyers: string[];
  skus: string[];
}

export const ORDER_AMOUNT = 1_000;
const ORDER_ADDRESS = {
  name: 'Outage Buyer',
  line1: 'Keizersgracht 1',
  city: 'Amsterdam',
  postcode: '1015CJ',
  country: 'NL',
};

async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Order buyers with funds for ~90 % of their orders and items with stock for ~85 % (some orders are
 * refused and compensate, for a business reason), and delivery slots for twice the orders and lots.
 */
export async function orderFixtures(
  urls: { wallet: string; warehouse: string; delivery: string },
  runId: string,
  orders: number,
  lots: number,
): Promise<OrderFixtures> {
  const sellerId = `outage-seller-${runId}`;
  const buyers = Array.from(
    { length: Math.max(2, Math.ceil(orders / 20)) },
    (_, i) => `outage-buyer-${runId}-${i}`,
  );
  const skus = Array.from({ length: 4 }, (_, i) => `outage-${runId}-${i}`);
  const perBuyer = Math.ceil(orders / buyers.length);
  for (const sku of skus)
    await post(`${urls.warehouse}/items`, {
      sku,
      title: 'Outage lamp',
      sellerId,
      onHand: Math.floor((orders * 0.85) / skus.length),
    });
  for (const userId of buyers) {
    await post(`${urls.wallet}/wallets`, { userId });
    await post(
      `${urls.wallet}/wallets/${userId}/deposits`,
      { amount: Math.floor(perBuyer * 0.9) * ORDER_AMOUNT },
      { 'idempotency-key': `outage-${userId}` },
    );
  }
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  const needed = (orders + lots) * 2;
  for (let i = 0; i * 10_000 < needed; i++) {
    await post(`${urls.delivery}/slots`, {
      id: `outage-${runId}-${i}`,
      startsAt,
      capacity: Math.min(10_000, needed - i * 10_000),
    });
  }
  return { sellerId, buyers, skus };
}

/** Order sagas at `perSecond` until `done()`; each POST retried for up to 3 minutes (a 5xx or no answer). */
export class OrderLoad {
  readonly submitted: { id: string; at: number }[] = [];
  readonly accepted: string[] = [];

  constructor(
    private readonly orchestrator: () => string,
    private readonly fx: OrderFixtures,
    private readonly perSecond: number,
  ) {}

  async run(done: () => boolean): Promise<void> {
    const inflight: Promise<void>[] = [];
    for (let i = 0; !done(); i++) {
      const id = randomUUID();
      this.submitted.push({ id, at: Date.now() });
      inflight.push(this.submit(id, i));
      await sleep(1000 / this.perSecond);
    }
    await Promise.all(inflight);
  }

  private async submit(orderId: string, i: number): Promise<void> {
    const { buyers, skus, sellerId } = this.fx;
    const body = {
      orderId,
      buyerId: buyers[i % buyers.length],
      sellerId,
      sku: skus[i % skus.length],
      quantity: 1,
      amount: ORDER_AMOUNT,
      address: ORDER_ADDRESS,
    };
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const status = await post(`${this.orchestrator()}/orders`, body).catch(() => 0);
      if ([200, 201, 202, 409].includes(status)) return void this.accepted.push(orderId);
      await sleep(500);
    }
  }
}
