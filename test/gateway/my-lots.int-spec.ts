import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FakeService, RegisteredUser, registerAndLogin, startGateway, testJwt } from './gateway-harness';
import { closePools, uniqueId } from './support';

/**
 * A seller's pages at the gateway: `GET /me/lots` (their lots at the lot service) and `GET /lots/:id/order`
 * (the winner's order, found by the orchestrator from the lot) for the winner, the seller and admins.
 */
describe('gateway GET /me/lots and GET /lots/:id/order', () => {
  let gateway: INestApplication;
  const page = { lots: [{ id: 'l-1', status: 'CLOSED', outcome: 'SOLD', saleStatus: 'PENDING' }], total: 1 };
  const lot = new FakeService((req) =>
    req.path.startsWith('/lots?')
      ? { status: 200, body: page }
      : { status: 404, body: { code: 'X', message: 'no' } },
  );
  let buyer: RegisteredUser;
  let seller: RegisteredUser;
  const order = () => ({
    orderId: 'o-1',
    status: 'PENDING',
    sagaStatus: 'RUNNING',
    step: 'bookDelivery',
    buyerId: buyer.userId,
    sellerId: seller.userId,
    amount: '2500',
    address: { name: 'Ada', line1: 'Keizersgracht 1', city: 'Amsterdam', postcode: '1015 AA', country: 'NL' },
    paymentId: 'p-1',
    bookingId: null,
  });
  const orchestrator = new FakeService((req) =>
    req.path === '/lots/sold-1/order'
      ? { status: 200, body: order() }
      : { status: 404, body: { code: 'ORDER.NOT_FOUND', message: 'no such order' } },
  );
  const http = () => request(gateway.getHttpServer());

  beforeAll(async () => {
    gateway = await startGateway({
      GAVEL_LOT_URL: await lot.start(),
      GAVEL_ORCHESTRATOR_URL: await orchestrator.start(),
    });
    [buyer, seller] = await Promise.all([
      registerAndLogin(gateway, 'buyer'),
      registerAndLogin(gateway, 'seller'),
    ]);
  });
  afterAll(async () => {
    await gateway?.close();
    await lot.stop();
    await orchestrator.stop();
    await closePools();
  });

  it("answers the lot service's page of the seller's own lots, filtered, sorted and paged", async () => {
    const res = await http()
      .get('/me/lots?status=CLOSED&sort=ended&limit=5&offset=10')
      .auth(seller.token, { type: 'bearer' })
      .expect(200);
    expect(res.body).toEqual(page);
    expect(lot.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/lots?sellerId=${encodeURIComponent(seller.userId)}&sort=ended&limit=5&offset=10&status=CLOSED`,
      headers: { 'x-gavel-user-id': seller.userId, 'x-gavel-role': 'seller' },
    });
    await http().get('/me/lots').auth(seller.token, { type: 'bearer' }).expect(200);
    expect(lot.requests.at(-1)!.path).toBe(
      `/lots?sellerId=${encodeURIComponent(seller.userId)}&sort=newest&limit=50&offset=0`,
    );
  });

  it('is for signed-in sellers only and validates its query (400 REQUEST.INVALID)', async () => {
    const sent = lot.requests.length;
    await http().get('/me/lots').expect(401);
    expect((await http().get('/me/lots').auth(buyer.token, { type: 'bearer' }).expect(403)).body.code).toBe(
      'AUTH.FORBIDDEN',
    );
    for (const query of ['status=SOLD', 'sort=cheapest', 'limit=0', `sellerId=${buyer.userId}`]) {
      const res = await http().get(`/me/lots?${query}`).auth(seller.token, { type: 'bearer' }).expect(400);
      expect(res.body.code).toBe('REQUEST.INVALID');
    }
    expect(lot.requests.length).toBe(sent);
  });

  it("shows a lot's order whole to its winner and an admin, without the address to its seller", async () => {
    const mine = await http().get('/lots/sold-1/order').auth(buyer.token, { type: 'bearer' }).expect(200);
    expect(mine.body).toEqual(order());
    expect(orchestrator.requests.at(-1)).toMatchObject({ method: 'GET', path: '/lots/sold-1/order' });

    const sold = await http().get('/lots/sold-1/order').auth(seller.token, { type: 'bearer' }).expect(200);
    expect(sold.body).toMatchObject({
      orderId: 'o-1',
      status: 'PENDING',
      step: 'bookDelivery',
      amount: '2500',
    });
    expect(sold.body.address).toBeUndefined();
    expect(sold.body.paymentId).toBeUndefined();

    const admin = testJwt.sign({ sub: uniqueId('admin'), roles: ['admin'] });
    await http().get('/lots/sold-1/order').auth(admin, { type: 'bearer' }).expect(200);
  });

  it('answers 404 ORDER.NOT_FOUND to anyone else, as for a lot without an order; 400 for a malformed id', async () => {
    const other = await registerAndLogin(gateway, 'buyer');
    const theirs = await http().get('/lots/sold-1/order').auth(other.token, { type: 'bearer' }).expect(404);
    const none = await http().get('/lots/open-1/order').auth(buyer.token, { type: 'bearer' }).expect(404);
    for (const res of [theirs, none]) expect(res.body.code).toBe('ORDER.NOT_FOUND');
    expect(JSON.stringify(theirs.body)).not.toContain(buyer.userId);
    await http().get('/lots/sold-1/order').expect(401);
    const bad = await http().get('/lots/a.b/order').auth(buyer.token, { type: 'bearer' }).expect(400);
    expect(bad.body.code).toBe('REQUEST.INVALID');
  });
});
