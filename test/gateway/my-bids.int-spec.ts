import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FakeService, RegisteredUser, registerAndLogin, startGateway } from './gateway-harness';
import { closePools } from './support';

/** `GET /me/bids` at the gateway: buyers only, forwarded to the lot service's `GET /bidders/:id/lots`. */
describe('gateway GET /me/bids', () => {
  let gateway: INestApplication;
  const page = { lots: [{ lot: { id: 'l-1' }, highestBid: '1000', position: 'OUTBID' }], total: 1 };
  const lot = new FakeService((req) =>
    req.path.startsWith('/bidders/')
      ? { status: 200, body: page }
      : { status: 404, body: { code: 'X', message: 'no' } },
  );
  let buyer: RegisteredUser;
  let seller: RegisteredUser;
  const http = () => request(gateway.getHttpServer());

  beforeAll(async () => {
    gateway = await startGateway({ GAVEL_LOT_URL: await lot.start() });
    [buyer, seller] = await Promise.all([
      registerAndLogin(gateway, 'buyer'),
      registerAndLogin(gateway, 'seller'),
    ]);
  });
  afterAll(async () => {
    await gateway?.close();
    await lot.stop();
    await closePools();
  });

  it("answers the lot service's page of the caller's own lots, paged", async () => {
    const res = await http()
      .get('/me/bids?limit=5&offset=10')
      .auth(buyer.token, { type: 'bearer' })
      .expect(200);
    expect(res.body).toEqual(page);
    const sent = lot.requests.at(-1)!;
    expect(sent).toMatchObject({
      method: 'GET',
      path: `/bidders/${encodeURIComponent(buyer.userId)}/lots?limit=5&offset=10`,
      headers: { 'x-gavel-user-id': buyer.userId, 'x-gavel-role': 'buyer' },
    });
    await http().get('/me/bids').auth(buyer.token, { type: 'bearer' }).expect(200);
    expect(lot.requests.at(-1)!.path).toBe(
      `/bidders/${encodeURIComponent(buyer.userId)}/lots?limit=50&offset=0`,
    );
  });

  it('is for signed-in buyers only and validates paging', async () => {
    const sent = lot.requests.length;
    await http().get('/me/bids').expect(401);
    expect((await http().get('/me/bids').auth(seller.token, { type: 'bearer' }).expect(403)).body.code).toBe(
      'AUTH.FORBIDDEN',
    );
    await http().get('/me/bids?limit=0').auth(buyer.token, { type: 'bearer' }).expect(400);
    await http().get('/me/bids?bidderId=someone').auth(buyer.token, { type: 'bearer' }).expect(400);
    expect(lot.requests.length).toBe(sent);
  });
});
