import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { startInProcess } from '../support/apps';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { orderIdFor } from '../../apps/gateway/src/orders/domain/order-id';
import { FakeService, RegisteredUser, registerAndLogin, startGateway, testJwt } from './gateway-harness';
import { orchestratorRoute } from './fake-orchestrator';
import { closePools, db, uniqueId } from './support';

describe('gateway proxies to internal services (real HTTP, real wallet on PostgreSQL)', () => {
  let gateway: INestApplication;
  let wallet: INestApplication;
  const orchestrator = new FakeService(orchestratorRoute);
  const warehouse = new FakeService((req) =>
    req.method === 'GET' && req.path === '/items/OTHERS-1'
      ? { status: 200, body: { sku: 'OTHERS-1', title: 'Not theirs', sellerId: 'seller-2' } }
      : req.method === 'GET' && req.path === '/items/THEIRS-1'
        ? { status: 200, body: { sku: 'THEIRS-1', title: 'Theirs', sellerId: 'seller-1' } }
        : req.method === 'POST' && (req.body as { sku?: string }).sku === 'TAKEN'
          ? {
              status: 409,
              body: { code: 'WAREHOUSE.SKU_EXISTS', message: 'sku exists', details: { sku: 'TAKEN' } },
            }
          : { status: req.method === 'POST' ? 201 : 200, body: { ok: true, echo: req.body ?? null } },
  );
  let buyer: RegisteredUser;
  const http = () => request(gateway.getHttpServer());
  const address = { name: 'Ada', line1: '1 Main St', city: 'London', postcode: 'N1 1AA', country: 'GB' };
  const order = (sku: string) => ({ sku, quantity: 1, amount: 2500, sellerId: 'seller-1', address });

  beforeAll(async () => {
    wallet = await startInProcess(WalletApp);
    await wallet.listen(0, '127.0.0.1');
    gateway = await startGateway({
      GAVEL_WALLET_URL: `http://127.0.0.1:${(wallet.getHttpServer().address() as AddressInfo).port}`,
      GAVEL_ORCHESTRATOR_URL: await orchestrator.start(),
      GAVEL_WAREHOUSE_URL: await warehouse.start(),
      GAVEL_ORDER_WAIT_MS: '1500',
      GAVEL_UPSTREAM_TIMEOUT_MS: '500',
    });
    buyer = await registerAndLogin(gateway, 'buyer');
  });
  afterAll(async () => {
    await gateway?.close();
    await wallet?.close();
    await Promise.all([orchestrator.stop(), warehouse.stop()]);
    await closePools();
  });

  describe('wallet', () => {
    // Users the wallet has never heard of (registered users get their wallet from UserRegistered).
    const stranger = () => {
      const userId = uniqueId('stranger');
      return { userId, token: testJwt.sign({ sub: userId, roles: ['buyer'] }) };
    };

    it('passes a downstream error through unchanged: no wallet → 404 WALLET.NOT_FOUND', async () => {
      const { userId, token } = stranger();
      const res = await http()
        .get('/wallet')
        .set('authorization', `Bearer ${token}`)
        .set('x-correlation-id', 'corr-nowallet');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        code: 'WALLET.NOT_FOUND',
        message: `No wallet for user ${userId}`,
        correlationId: 'corr-nowallet',
      });
    });

    it('deposits into the caller’s own wallet once per Idempotency-Key, carrying the correlation id', async () => {
      const user = stranger();
      await request(wallet.getHttpServer()).post('/wallets').send({ userId: user.userId }).expect(201);
      const correlationId = uniqueId('corr-deposit');
      const deposit = () =>
        http()
          .post('/wallet/deposits')
          .set('authorization', `Bearer ${user.token}`)
          .set('idempotency-key', 'dep-1')
          .set('x-correlation-id', correlationId)
          .send({ amount: 1500 });
      const first = await deposit().expect(201);
      expect(first.body).toMatchObject({ userId: user.userId, amount: 1500, balance: 1500 });
      const replay = await deposit().expect(200);
      expect(replay.body.depositId).toBe(first.body.depositId);
      const view = await http().get('/wallet').set('authorization', `Bearer ${user.token}`).expect(200);
      expect(view.body).toMatchObject({ userId: user.userId, balance: 1500, held: 0, spendable: 1500 });
      const outbox = await db('wallet').query('SELECT correlation_id FROM outbox WHERE aggregateid = $1', [
        user.userId,
      ]);
      expect(outbox.rows).toEqual([{ correlation_id: correlationId }]);
      await http().get('/wallet/holds').set('authorization', `Bearer ${user.token}`).expect(200);
    });

    it('validates the deposit at the edge', async () => {
      for (const body of [{ amount: 0 }, { amount: '10' }, { amount: 5, userId: 'someone-else' }]) {
        const res = await http()
          .post('/wallet/deposits')
          .set('authorization', `Bearer ${buyer.token}`)
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('REQUEST.INVALID');
      }
      const key = await http()
        .post('/wallet/deposits')
        .set('authorization', `Bearer ${buyer.token}`)
        .set('idempotency-key', 'bad key!')
        .send({ amount: 5 });
      expect(key.status).toBe(400);
      expect(key.body.code).toBe('REQUEST.INVALID_IDEMPOTENCY_KEY');
    });
  });

  describe('orders', () => {
    const place = (body: object, key?: string, token = buyer.token) => {
      const req = http().post('/orders').set('authorization', `Bearer ${token}`);
      return (key ? req.set('idempotency-key', key) : req).send(body);
    };

    it('starts the order with a stable id for the Idempotency-Key and answers 201 once it completes', async () => {
      const key = uniqueId('order-key');
      const res = await place(order('SKU-1'), key).set('x-correlation-id', 'corr-order-1');
      expect(res.status).toBe(201);
      const orderId = orderIdFor(buyer.userId, key);
      expect(res.body).toMatchObject({
        orderId,
        buyerId: buyer.userId,
        status: 'COMPLETED',
        sku: 'SKU-1',
        amount: 2500,
        address,
      });
      const started = orchestrator.requests.find(
        (r) => r.method === 'POST' && (r.body as { orderId: string }).orderId === orderId,
      )!;
      expect(started.body).toEqual({ orderId, buyerId: buyer.userId, ...order('SKU-1') });
      expect(started.headers).toMatchObject({
        'x-gavel-user-id': buyer.userId,
        'x-gavel-role': 'buyer',
        'x-correlation-id': 'corr-order-1',
      });

      // The retry names the same order; the orchestrator's 409 for it is not an error for the client.
      const retry = await place(order('SKU-1'), key).expect(201);
      expect(retry.body.orderId).toBe(orderId);
      const posts = orchestrator.requests.filter(
        (r) => r.method === 'POST' && (r.body as { orderId: string }).orderId === orderId,
      );
      expect(posts).toHaveLength(2);
    });

    it('refuses an order that names another seller than the item’s (the payout would go to them) before any saga', async () => {
      const refused = await place(order('OTHERS-1')).expect(422);
      expect(refused.body).toMatchObject({
        code: 'ORDER.SELLER_MISMATCH',
        details: { sku: 'OTHERS-1', sellerId: 'seller-1' },
      });
      const started = (sku: string) =>
        orchestrator.requests.filter((r) => r.method === 'POST' && (r.body as { sku?: string }).sku === sku);
      expect(started('OTHERS-1')).toHaveLength(0);
      // the item's own seller: the order starts as before
      await place(order('THEIRS-1')).expect(201);
      expect(started('THEIRS-1')).toHaveLength(1);
    });

    it('answers 201 with reason and code for a cancelled order, and 202 with a Location while it runs', async () => {
      const cancelled = await place(order('NOSTOCK-1')).expect(201);
      expect(cancelled.body).toMatchObject({
        status: 'CANCELLED',
        reason: 'out of stock',
        code: 'WAREHOUSE.OUT_OF_STOCK',
      });

      const pending = await place(order('SLOW-1')).expect(202);
      expect(pending.body).toEqual({
        orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'PENDING',
        links: { self: `/orders/${pending.body.orderId}` },
      });
      expect(pending.headers.location).toBe(`/orders/${pending.body.orderId}`);
      const polled = await http()
        .get(pending.headers.location)
        .set('authorization', `Bearer ${buyer.token}`)
        .expect(200);
      expect(polled.body).toMatchObject({ orderId: pending.body.orderId, status: 'RUNNING' });
    });

    it('shows an order only to its buyer or an admin; others get the same 404 as for a missing one', async () => {
      const placed = await place(order('SKU-2')).expect(201);
      const path = `/orders/${placed.body.orderId}`;
      const other = await registerAndLogin(gateway, 'buyer');
      const hidden = await http().get(path).set('authorization', `Bearer ${other.token}`).expect(404);
      const missing = await http()
        .get(`/orders/${orderIdFor(other.userId, 'never')}`)
        .set('authorization', `Bearer ${other.token}`)
        .expect(404);
      for (const res of [hidden, missing]) expect(res.body).toMatchObject({ code: 'ORDER.NOT_FOUND' });
      const admin = testJwt.sign({ sub: uniqueId('admin'), roles: ['admin'] });
      await http().get(path).set('authorization', `Bearer ${admin}`).expect(200);
    });

    it('validates the order body with 400 codes', async () => {
      for (const body of [
        { ...order('SKU-3'), amount: 10.5 },
        { ...order('SKU-3'), quantity: 0 },
        { ...order('SKU-3'), address: { ...address, country: 'Britain' } },
        { ...order('SKU-3'), buyerId: 'someone-else' },
        { ...order('SKU-3'), address: undefined },
      ]) {
        const res = await place(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'REQUEST.INVALID', correlationId: expect.any(String) });
      }
    });
  });

  describe('items and admin sagas', () => {
    it('sends a seller’s item with the seller id from the token and passes a downstream error through', async () => {
      const seller = await registerAndLogin(gateway, 'seller');
      const res = await http()
        .post('/items')
        .set('authorization', `Bearer ${seller.token}`)
        .send({ sku: 'SKU-9', sellerId: 'someone-else', name: 'Lamp' });
      expect(res.status).toBe(201);
      expect(res.body.echo).toEqual({ sku: 'SKU-9', sellerId: seller.userId, name: 'Lamp' });
      expect(warehouse.requests[warehouse.requests.length - 1].headers).toMatchObject({
        'x-gavel-role': 'seller',
        'x-gavel-user-id': seller.userId,
      });
      const taken = await http()
        .post('/items')
        .set('authorization', `Bearer ${seller.token}`)
        .send({ sku: 'TAKEN' });
      expect(taken.status).toBe(409);
      expect(taken.body).toEqual({
        code: 'WAREHOUSE.SKU_EXISTS',
        message: 'sku exists',
        details: { sku: 'TAKEN' },
        correlationId: expect.any(String),
      });
      const stock = await http()
        .put('/items/SKU-9/stock')
        .set('authorization', `Bearer ${seller.token}`)
        .send({ quantity: 5 })
        .expect(200);
      expect(warehouse.requests[warehouse.requests.length - 1]).toMatchObject({
        method: 'PUT',
        path: '/items/SKU-9/stock',
        body: { quantity: 5 },
      });
      expect(stock.body.ok).toBe(true);
      const bad = await http().get('/items/..%2Fadmin').set('authorization', `Bearer ${seller.token}`);
      expect(bad.status).toBe(400);
    });

    it('maps a slow service to 504 UPSTREAM.TIMEOUT and a body without a code to 502', async () => {
      const admin = testJwt.sign({ sub: uniqueId('admin'), roles: ['admin'] });
      const slow = await http().get('/admin/sagas/hang-1').set('authorization', `Bearer ${admin}`);
      expect(slow.status).toBe(504);
      expect(slow.body).toMatchObject({ code: 'UPSTREAM.TIMEOUT' });
      const garbage = await http()
        .post('/admin/sagas/garbage-1/retry-step')
        .set('authorization', `Bearer ${admin}`)
        .send({ reason: 'x' });
      expect(garbage.status).toBe(502);
      expect(garbage.body).toMatchObject({ code: 'UPSTREAM.BAD_RESPONSE' });
      const missing = await http()
        .post('/admin/sagas/s-404/compensate')
        .set('authorization', `Bearer ${admin}`)
        .send({});
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: 'SAGA.NOT_FOUND' });
      expect(orchestrator.requests[orchestrator.requests.length - 1]).toMatchObject({
        method: 'POST',
        path: '/sagas/s-404/compensate',
      });
      await http()
        .post('/admin/sagas/s-1/delete')
        .set('authorization', `Bearer ${admin}`)
        .send({})
        .expect(404);
    });
  });
});
