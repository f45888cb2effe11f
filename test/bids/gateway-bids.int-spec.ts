import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  FakeService,
  RecordedRequest,
  FakeAnswer,
  RegisteredUser,
  registerAndLogin,
  startGateway,
} from '../gateway/gateway-harness';
import { closePools } from '../support/env';

/**
 * The gateway's bid and lot endpoints over real HTTP against fake services: a fake lot service decides
 * each bid by its amount (the bid desk's answers) and keeps an allowance per bidder; a fake orchestrator
 * runs allowance raises (granted, refused, or never settled). Proves the status mapping (201/409/402/422/
 * 503), the error bodies, the raise-then-retry path, the idempotent bid id and the forwarded identity
 * (bids go in the gateway's batches, POST /bids/batch, which the fake answers bid by bid).
 */
const REFUSAL: Record<number, { status: number; code: string }> = {
  1002: { status: 409, code: 'LOT.BID_TOO_LOW' },
  1003: { status: 409, code: 'LOT.CLOSED' },
  1005: { status: 422, code: 'LOT.OWN_LOT' },
};
/** Amounts from which the fake lot asks for an allowance: 2000 + (raise outcome). */
const NEEDS_ALLOWANCE = 2000;
const allowances = new Map<string, number>();
const raises = new Map<string, { body: Record<string, unknown>; polls: number }>();

function lotRoute(req: RecordedRequest): FakeAnswer {
  if (req.method === 'POST' && req.path === '/bids/batch') {
    // The gateway's batches (LotBidBatcher): each bid answered as the single call answers it.
    const { bids } = req.body as { bids: ({ lotId: string } & Record<string, unknown>)[] };
    const answers = bids.map(({ lotId, ...bid }) =>
      lotRoute({ ...req, path: `/lots/${lotId}/bids`, body: bid }),
    );
    return { status: 200, body: { answers } };
  }
  const bidPost = /^\/lots\/([^/]+)\/bids$/.exec(req.path);
  if (req.method === 'POST' && bidPost) {
    const body = req.body as { bidId: string; bidderId: string; amount: string };
    const amount = Number(body.amount);
    const refusal = REFUSAL[amount];
    if (refusal)
      return {
        status: refusal.status,
        body: { code: refusal.code, message: `because ${refusal.code}`, details: { bidId: body.bidId } },
      };
    const have = allowances.get(body.bidderId) ?? 0;
    if (amount >= NEEDS_ALLOWANCE && have < amount) {
      return {
        status: 402,
        body: {
          code: 'LOT.ALLOWANCE_TOO_LOW',
          message: 'short',
          details: { bidId: body.bidId, allowance: String(have), required: String(amount) },
        },
      };
    }
    return {
      status: 201,
      body: {
        status: 'ACCEPTED',
        bidId: body.bidId,
        lotId: bidPost[1],
        bidderId: body.bidderId,
        amount: body.amount,
        minimumNextBid: String(amount + 100),
        endsAt: '2030-01-01T00:00:00.000Z',
        decidedAt: '2026-01-01T00:00:00.000Z',
      },
    };
  }
  return { status: req.method === 'POST' ? 201 : 200, body: { path: req.path, echo: req.body ?? null } };
}

/** A raise of amount 2000+k: k = 1 granted, 4 refused (no money), 9 never settles. */
function orchestratorRoute(req: RecordedRequest): FakeAnswer {
  if (req.method === 'POST' && req.path === '/allowances') {
    const body = req.body as Record<string, unknown>;
    const known = raises.has(String(body.allowanceId));
    if (!known) raises.set(String(body.allowanceId), { body, polls: 0 });
    return { status: known ? 200 : 202, body: { sagaId: body.allowanceId, status: 'RUNNING' } };
  }
  const get = /^\/allowances\/([^/?]+)(?:\?waitMs=\d+)?$/.exec(req.path);
  const raise = get ? raises.get(decodeURIComponent(get[1])) : undefined;
  if (!raise) return { status: 404, body: { code: 'ALLOWANCE.NOT_FOUND', message: 'no such allowance' } };
  raise.polls += 1;
  const amount = Number(raise.body.amount);
  const bidderId = String(raise.body.bidderId);
  if (raise.polls < 2 || amount % 10 === 9) return { status: 200, body: { status: 'PENDING' } };
  if (amount % 10 === 4) {
    return {
      status: 200,
      body: { status: 'REFUSED', code: 'WALLET.INSUFFICIENT_FUNDS', reason: 'spendable 0 is less than it' },
    };
  }
  if (raise.polls === 2) allowances.set(bidderId, (allowances.get(bidderId) ?? 0) + amount);
  return { status: 200, body: { status: 'GRANTED', allowance: String(allowances.get(bidderId)) } };
}

describe('gateway lots and bids (fake orchestrator and lot service over HTTP)', () => {
  let gateway: INestApplication;
  const orchestrator = new FakeService(orchestratorRoute);
  const lot = new FakeService(lotRoute);
  let buyer: RegisteredUser;
  let seller: RegisteredUser;
  const http = () => request(gateway.getHttpServer());
  const address = { name: 'Ada', line1: '1 Main St', city: 'London', postcode: 'N1 1AA', country: 'GB' };

  beforeAll(async () => {
    gateway = await startGateway({
      GAVEL_ORCHESTRATOR_URL: await orchestrator.start(),
      GAVEL_LOT_URL: await lot.start(),
      GAVEL_BID_WAIT_MS: '800',
      GAVEL_LIVE_ENABLED: 'false',
    });
    [buyer, seller] = await Promise.all([
      registerAndLogin(gateway, 'buyer'),
      registerAndLogin(gateway, 'seller'),
    ]);
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all([orchestrator.stop(), lot.stop()]);
    await closePools();
  });

  /** Every bid the lot service was sent, alone or in a batch, with its lot. */
  const bidsSent = () =>
    lot.requests.flatMap((r) => {
      if (r.method !== 'POST') return [];
      if (r.path === '/bids/batch') return (r.body as { bids: Record<string, unknown>[] }).bids;
      const single = /^\/lots\/([^/]+)\/bids$/.exec(r.path);
      return single ? [{ lotId: single[1], ...(r.body as Record<string, unknown>) }] : [];
    });
  const bid = (amount: number, token = buyer.token, key?: string) => {
    const r = http().post('/lots/lot-1/bids').set('authorization', `Bearer ${token}`);
    return (key ? r.set('idempotency-key', key) : r).send({ amount, address });
  };

  it('an accepted bid is 201 with the bid; the lot got the bidder, amounts and address, with no saga', async () => {
    const res = await bid(1001).expect(201);
    expect(res.body).toEqual({
      bidId: expect.any(String),
      status: 'ACCEPTED',
      amount: '1001',
      minimumNextBid: '1101',
      endsAt: '2030-01-01T00:00:00.000Z',
    });
    const sent = bidsSent().find((b) => b.bidId === res.body.bidId);
    expect(sent).toEqual({
      lotId: 'lot-1',
      bidId: res.body.bidId,
      bidderId: buyer.userId,
      amount: '1001',
      address,
    });
    expect(
      orchestrator.requests.some((r) => (r.body as { allowanceId?: string } | undefined)?.allowanceId),
    ).toBe(false);
  });

  it.each([
    [1002, 409, 'LOT.BID_TOO_LOW'],
    [1003, 409, 'LOT.CLOSED'],
    [1005, 422, 'LOT.OWN_LOT'],
  ])('a bid refused by the lot as %i answers %i %s with the error body', async (amount, status, code) => {
    const res = await bid(amount).set('x-correlation-id', `corr-${amount}`).expect(status);
    expect(res.body).toMatchObject({ code, message: `because ${code}`, correlationId: `corr-${amount}` });
  });

  it('a bid above the allowance raises it by the shortfall through the orchestrator, then is placed', async () => {
    const res = await bid(2001).expect(201);
    const raise = orchestrator.requests.find((r) => r.method === 'POST' && r.path === '/allowances');
    expect(raise?.body).toEqual({
      allowanceId: expect.any(String),
      lotId: 'lot-1',
      bidderId: buyer.userId,
      amount: 2001,
    });
    // The same bid was sent twice: refused for the allowance, then accepted.
    const sends = bidsSent().filter((b) => b.bidId === res.body.bidId);
    expect(sends).toHaveLength(2);
    // Waiting was long polling: each GET carried what was left of GAVEL_BID_WAIT_MS (800 ms).
    const waits = orchestrator.requests
      .filter((r) => r.method === 'GET' && r.path.startsWith('/allowances/'))
      .map((r) => Number(new URL(r.path, 'http://x').searchParams.get('waitMs')));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.every((w) => w > 0 && w <= 800)).toBe(true);
  });

  it('a raise the wallet refuses answers 402 WALLET.INSUFFICIENT_FUNDS; one not settled in time 503 BID.NOT_PLACED', async () => {
    const fresh = await registerAndLogin(gateway, 'buyer'); // no allowance yet: the raise is the whole amount
    const poor = await bid(2004, fresh.token).expect(402);
    expect(poor.body).toMatchObject({
      code: 'WALLET.INSUFFICIENT_FUNDS',
      details: { bidId: expect.any(String) },
    });
    const slow = await bid(2009, fresh.token).expect(503);
    expect(slow.body).toMatchObject({ code: 'BID.NOT_PLACED', details: { bidId: expect.any(String) } });
    expect(slow.headers['retry-after']).toBe('5');
  });

  it('a decided bid can be read back by its bidder only', async () => {
    const res = await bid(1001).expect(201);
    lot.route = (req) =>
      req.method === 'GET' && req.path === `/bids/${res.body.bidId}`
        ? {
            status: 200,
            body: {
              status: 'ACCEPTED',
              bidId: res.body.bidId,
              lotId: 'lot-1',
              bidderId: buyer.userId,
              amount: '1001',
              decidedAt: '2026-01-01T00:00:00.000Z',
            },
          }
        : lotRoute(req);
    try {
      const read = await http()
        .get(`/bids/${res.body.bidId}`)
        .set('authorization', `Bearer ${buyer.token}`)
        .expect(200);
      expect(read.body).toMatchObject({ bidId: res.body.bidId, status: 'ACCEPTED', amount: '1001' });
      await http().get(`/bids/${res.body.bidId}`).set('authorization', `Bearer ${seller.token}`).expect(403);
      const bad = await http()
        .get(`/bids/${res.body.bidId}?waitMs=99999`)
        .set('authorization', `Bearer ${buyer.token}`)
        .expect(400);
      expect(bad.body.code).toBe('REQUEST.INVALID');
    } finally {
      lot.route = lotRoute;
    }
  });

  it('the same Idempotency-Key names the same bid', async () => {
    const a = await bid(1001, buyer.token, 'key-1').expect(201);
    const b = await bid(1001, buyer.token, 'key-1').expect(201);
    expect(b.body.bidId).toBe(a.body.bidId);
  });

  it('rejects invalid bids and callers before anything is sent', async () => {
    const before = lot.requests.length;
    await http().post('/lots/lot-1/bids').send({ amount: 10, address }).expect(401);
    await bid(1001, seller.token).expect(403);
    const noAddress = await http()
      .post('/lots/lot-1/bids')
      .set('authorization', `Bearer ${buyer.token}`)
      .send({ amount: 10 })
      .expect(400);
    expect(noAddress.body.code).toBe('REQUEST.INVALID');
    await http()
      .post('/lots/lot-1/bids')
      .set('authorization', `Bearer ${buyer.token}`)
      .send({ amount: 10, maxAmount: 5, address })
      .expect(400);
    await http()
      .post('/lots/bad%20id/bids')
      .set('authorization', `Bearer ${buyer.token}`)
      .send({ amount: 10, address })
      .expect(400);
    expect(lot.requests.length).toBe(before);
  });

  it('proxies lot reads publicly and lot creation for sellers with their identity', async () => {
    const list = await http().get('/lots?status=OPEN&limit=5').expect(200);
    expect(list.body.path).toBe('/lots?status=OPEN&limit=5');
    expect((await http().get('/lots/search?q=red%20bike').expect(200)).body.path).toBe(
      '/lots/search?q=red%20bike',
    );
    expect((await http().get('/lots/lot-9').expect(200)).body.path).toBe('/lots/lot-9');
    expect((await http().get('/lots/lot-9/bids').expect(200)).body.path).toBe('/lots/lot-9/bids');

    await http().post('/lots').set('authorization', `Bearer ${buyer.token}`).send({ title: 'x' }).expect(403);
    const created = await http()
      .post('/lots')
      .set('authorization', `Bearer ${seller.token}`)
      .send({ title: 'Bike' })
      .expect(201);
    expect(created.body).toEqual({ path: '/lots', echo: { title: 'Bike' } });
    const sent = lot.requests.find((r) => r.method === 'POST' && r.path === '/lots');
    expect(sent?.headers['x-gavel-user-id']).toBe(seller.userId);
    expect(sent?.headers['x-gavel-role']).toBe('seller');
  });
});
