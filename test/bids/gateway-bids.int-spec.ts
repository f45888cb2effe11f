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
 * The gateway's bid and lot endpoints over real HTTP: a fake orchestrator decides each bid by its
 * amount (the saga outcome), a fake lot service echoes what it was sent. Proves the status mapping
 * (201/409/402/422/202), the error bodies, the idempotent bid id and the forwarded identity.
 */
const bids = new Map<string, { body: Record<string, unknown>; polls: number }>();
const OUTCOME: Record<number, { status: string; code?: string }> = {
  1001: { status: 'ACCEPTED' },
  1002: { status: 'REJECTED', code: 'LOT.BID_TOO_LOW' },
  1003: { status: 'REJECTED', code: 'LOT.CLOSED' },
  1004: { status: 'REJECTED', code: 'WALLET.INSUFFICIENT_FUNDS' },
  1005: { status: 'REJECTED', code: 'LOT.OWN_LOT' },
};

function orchestratorRoute(req: RecordedRequest): FakeAnswer {
  if (req.method === 'POST' && req.path === '/bids') {
    const body = req.body as Record<string, unknown>;
    if (body.amount === 1429)
      return {
        status: 429,
        body: {
          code: 'BID.OVERLOADED',
          message: 'too many bids in flight',
          details: { retryAfterSeconds: 1, inFlight: 64, max: 64 },
        },
      };
    const known = bids.has(String(body.bidId));
    if (!known) bids.set(String(body.bidId), { body, polls: 0 });
    return { status: known ? 200 : 202, body: { sagaId: body.bidId, status: 'RUNNING' } };
  }
  // The gateway long-polls: GET /bids/:id?waitMs=<what is left of GAVEL_BID_WAIT_MS>. This fake answers at once.
  const get = /^\/bids\/([^/?]+)(?:\?waitMs=\d+)?$/.exec(req.path);
  const bid = get ? bids.get(decodeURIComponent(get[1])) : undefined;
  if (!bid) return { status: 404, body: { code: 'BID.NOT_FOUND', message: 'no such bid' } };
  bid.polls += 1;
  const outcome = OUTCOME[Number(bid.body.amount)];
  const base = {
    bidId: bid.body.bidId,
    lotId: bid.body.lotId,
    bidderId: bid.body.bidderId,
    amount: String(bid.body.amount),
  };
  if (!outcome || bid.polls < 2) return { status: 200, body: { ...base, status: 'PENDING' } };
  return {
    status: 200,
    body: { ...base, ...outcome, ...(outcome.code ? { reason: `because ${outcome.code}` } : {}) },
  };
}

describe('gateway lots and bids (fake orchestrator and lot service over HTTP)', () => {
  let gateway: INestApplication;
  const orchestrator = new FakeService(orchestratorRoute);
  const lot = new FakeService((req) => ({
    status: req.method === 'POST' ? 201 : 200,
    body: { path: req.path, echo: req.body ?? null },
  }));
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

  const bid = (amount: number, token = buyer.token, key?: string) => {
    const r = http().post('/lots/lot-1/bids').set('authorization', `Bearer ${token}`);
    return (key ? r.set('idempotency-key', key) : r).send({ amount, address });
  };

  it('an accepted bid is 201 with the bid; the orchestrator got the bidder and address', async () => {
    const res = await bid(1001).expect(201);
    expect(res.body).toEqual({ bidId: expect.any(String), status: 'ACCEPTED', amount: '1001' });
    const start = orchestrator.requests.find(
      (r) => r.method === 'POST' && (r.body as { bidId: string }).bidId === res.body.bidId,
    );
    expect(start?.body).toEqual({
      bidId: res.body.bidId,
      lotId: 'lot-1',
      bidderId: buyer.userId,
      amount: 1001,
      address,
    });
    // It waited by long polling: each GET carried what was left of GAVEL_BID_WAIT_MS (800 ms).
    const waits = orchestrator.requests
      .filter((r) => r.method === 'GET' && r.path.startsWith(`/bids/${res.body.bidId}?`))
      .map((r) => Number(new URL(r.path, 'http://x').searchParams.get('waitMs')));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.every((w) => w > 0 && w <= 800)).toBe(true);
    expect(start?.headers['x-gavel-user-id']).toBe(buyer.userId);
  });

  it.each([
    [1002, 409, 'LOT.BID_TOO_LOW'],
    [1003, 409, 'LOT.CLOSED'],
    [1004, 402, 'WALLET.INSUFFICIENT_FUNDS'],
    [1005, 422, 'LOT.OWN_LOT'],
  ])('a bid rejected as %i answers %i %s with the error body', async (amount, status, code) => {
    const res = await bid(amount).set('x-correlation-id', `corr-${amount}`).expect(status);
    expect(res.body).toMatchObject({ code, message: `because ${code}`, correlationId: `corr-${amount}` });
  });

  it('a bid still undecided after GAVEL_BID_WAIT_MS is 202 with a link that the bidder can poll', async () => {
    const res = await bid(1999).expect(202);
    expect(res.body).toEqual({
      bidId: expect.any(String),
      status: 'PENDING',
      amount: '1999',
      links: { self: `/bids/${res.body.bidId}` },
    });
    expect(res.headers.location).toBe(`/bids/${res.body.bidId}`);
    const polled = await http()
      .get(`/bids/${res.body.bidId}`)
      .set('authorization', `Bearer ${buyer.token}`)
      .expect(200);
    expect(polled.body).toMatchObject({ bidId: res.body.bidId, status: 'PENDING' });
    await http().get(`/bids/${res.body.bidId}`).set('authorization', `Bearer ${seller.token}`).expect(403);
    // Clients may long-poll too: waitMs goes to the orchestrator; out of range is a 400.
    await http()
      .get(`/bids/${res.body.bidId}?waitMs=300`)
      .set('authorization', `Bearer ${buyer.token}`)
      .expect(200);
    expect(
      orchestrator.requests.some(
        (r) => r.method === 'GET' && r.path === `/bids/${res.body.bidId}?waitMs=300`,
      ),
    ).toBe(true);
    const bad = await http()
      .get(`/bids/${res.body.bidId}?waitMs=99999`)
      .set('authorization', `Bearer ${buyer.token}`)
      .expect(400);
    expect(bad.body.code).toBe('REQUEST.INVALID');
  });

  it('an orchestrator shedding load answers 429 BID.OVERLOADED with Retry-After, passed on to the bidder', async () => {
    const res = await bid(1429).expect(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ code: 'BID.OVERLOADED', details: { retryAfterSeconds: 1 } });
  });

  it('the same Idempotency-Key names the same bid', async () => {
    const a = await bid(1001, buyer.token, 'key-1').expect(201);
    const b = await bid(1001, buyer.token, 'key-1').expect(201);
    expect(b.body.bidId).toBe(a.body.bidId);
  });

  it('rejects invalid bids and callers before anything is sent', async () => {
    const before = orchestrator.requests.length;
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
    expect(orchestrator.requests.length).toBe(before);
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
