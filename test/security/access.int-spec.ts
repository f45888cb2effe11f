import { createHmac, randomUUID } from 'node:crypto';
import { ApiUser, GOOD_ADDRESS, Order } from '../e2e/client';
import { System } from '../e2e/system';
import { closePools, db, waitFor } from '../support/env';

/**
 * Authorisation through the whole system (gateway → services → PostgreSQL): the gateway always acts
 * for the JWT's subject, roles gate seller/admin routes, forged tokens are refused, logins are throttled.
 */
const JWT_SECRET = `security-suite-${randomUUID()}`;
const ADMIN = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
function sign(claims: Record<string, unknown>, secret = JWT_SECRET): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

async function raw(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as { code?: string } & Record<string, unknown>,
  };
}

describe('security: users, roles and tokens through the full system', () => {
  const system = new System({
    GAVEL_JWT_SECRET: JWT_SECRET,
    GAVEL_ADMIN_EMAIL: ADMIN.email,
    GAVEL_ADMIN_PASSWORD: ADMIN.password,
    GAVEL_LOGIN_RATE_MAX: '5',
    GAVEL_LOGIN_RATE_WINDOW_S: '60',
  });
  let gw: string;
  let seller: ApiUser;
  let alice: ApiUser;
  let bob: ApiUser;
  let admin: ApiUser;
  let sku: string;
  let aliceOrder: string;

  beforeAll(async () => {
    for (const name of [
      'orchestrator',
      'wallet',
      'payment',
      'warehouse',
      'delivery',
      'notification',
      'gateway',
    ] as const)
      await system.start([name]);
    gw = system.url('gateway');
    seller = await ApiUser.register(gw, 'seller');
    alice = await ApiUser.register(gw, 'buyer');
    bob = await ApiUser.register(gw, 'buyer');
    admin = await ApiUser.login(gw, ADMIN.email, ADMIN.password);
    sku = `sec-${randomUUID().slice(0, 8)}`;
    expect((await seller.call('POST', '/items', { sku, title: 'Vase', onHand: 5 })).status).toBe(201);
    await alice.topUp(10_000);
    const placed = await alice.call<Order>('POST', '/orders', {
      sku,
      quantity: 1,
      amount: 1500,
      sellerId: seller.userId,
      address: GOOD_ADDRESS,
    });
    expect([201, 202]).toContain(placed.status);
    aliceOrder = placed.body.orderId;
    await waitFor(
      'alice order to settle',
      async () => (await alice.call<Order>('GET', `/orders/${aliceOrder}`)).body.status === 'COMPLETED',
      90_000,
      250,
    );
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  describe('one user cannot reach another user’s data', () => {
    it("bob asking for alice's order gets 404 ORDER.NOT_FOUND, exactly like an order that does not exist", async () => {
      expect((await alice.call<Order>('GET', `/orders/${aliceOrder}`)).status).toBe(200);
      const theirs = await bob.call<{ code: string }>('GET', `/orders/${aliceOrder}`);
      const nobody = await bob.call<{ code: string }>('GET', `/orders/${randomUUID()}`);
      expect(theirs.status).toBe(404);
      expect(theirs.body.code).toBe('ORDER.NOT_FOUND');
      expect(nobody.status).toBe(404);
      expect(nobody.body.code).toBe(theirs.body.code);
      expect(JSON.stringify(theirs.body)).not.toContain(alice.userId);
    });

    it("there is no route naming another user's wallet; query parameters naming alice are ignored", async () => {
      for (const path of [
        `/wallets/${alice.userId}`,
        `/wallet/${alice.userId}`,
        `/users/${alice.userId}/wallet`,
        `/wallet/${alice.userId}/holds`,
      ]) {
        const res = await bob.call<{ code: string }>('GET', path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.body).not.toHaveProperty('balance');
      }
      const wallet = await bob.call<{ userId: string; balance: number }>(
        'GET',
        `/wallet?userId=${alice.userId}`,
      );
      expect(wallet.status).toBe(200);
      expect(wallet.body).toMatchObject({ userId: bob.userId, balance: 0 });
      const holds = await bob.call<{ items: unknown[] }>('GET', `/wallet/holds?userId=${alice.userId}`);
      expect(holds.status).toBe(200);
      expect(JSON.stringify(holds.body)).not.toContain(alice.userId);
    });

    it("bob cannot credit, charge or order on alice's behalf (a body naming her is refused)", async () => {
      const before = (await alice.call<{ balance: number; held: number }>('GET', '/wallet')).body;
      const deposit = await bob.call<{ code: string }>(
        'POST',
        '/wallet/deposits',
        { amount: 700, userId: alice.userId },
        { 'idempotency-key': `sec-${randomUUID()}` },
      );
      expect(deposit.status).toBe(400);
      expect(deposit.body.code).toBe('REQUEST.INVALID');
      const order = await bob.call<{ code: string }>('POST', '/orders', {
        sku,
        quantity: 1,
        amount: 100,
        sellerId: seller.userId,
        address: GOOD_ADDRESS,
        buyerId: alice.userId,
      });
      expect(order.status).toBe(400);
      expect((await alice.call('GET', '/wallet')).body).toEqual(before);
      const rows = await db('wallet').query('SELECT count(*)::int AS n FROM deposits WHERE user_id = $1', [
        alice.userId,
      ]);
      expect(rows.rows[0].n).toBe(1);
    });

    it("notifications: no gateway route serves another user's notifications", async () => {
      // Alice has notifications (her deposit, her order); bob must never see them.
      await waitFor('alice to have notifications', async () => {
        const r = await db('notification').query(
          'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1',
          [alice.userId],
        );
        return r.rows[0].n > 0;
      });
      const res = await bob.call<{ code?: string; items?: unknown[] }>(
        'GET',
        `/notifications?userId=${alice.userId}`,
      );
      if (res.status === 404) expect(res.body.code).toBe('REQUEST.NOT_FOUND');
      else {
        // If the gateway serves notifications, it serves the caller's own only.
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body.items)).not.toContain(alice.userId);
        expect(JSON.stringify(res.body.items)).not.toContain(aliceOrder);
      }
      for (const path of [`/users/${alice.userId}/notifications`, `/notifications/${alice.userId}`]) {
        const other = await bob.call<{ code?: string; items?: unknown[] }>('GET', path);
        expect({ path, status: other.status }).toEqual({ path, status: 404 });
        expect(other.body.items).toBeUndefined();
      }
    });
  });

  describe('roles', () => {
    it('a seller cannot place orders: 403 AUTH.FORBIDDEN, no saga started', async () => {
      const sagasBefore = await db('orchestrator').query(
        `SELECT count(*)::int AS n FROM sagas WHERE data::text LIKE $1`,
        [`%${seller.userId}%`],
      );
      const res = await seller.call<{ code: string }>('POST', '/orders', {
        sku,
        quantity: 1,
        amount: 100,
        sellerId: seller.userId,
        address: GOOD_ADDRESS,
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
      const sagasAfter = await db('orchestrator').query(
        `SELECT count(*)::int AS n FROM sagas WHERE data::text LIKE $1`,
        [`%${seller.userId}%`],
      );
      expect(sagasAfter.rows[0].n).toBe(sagasBefore.rows[0].n);
    });

    it('a buyer cannot create or restock items (seller routes)', async () => {
      expect(
        (await bob.call('POST', '/items', { sku: `b-${randomUUID().slice(0, 8)}`, title: 'X', onHand: 1 }))
          .status,
      ).toBe(403);
      expect((await bob.call('PUT', `/items/${sku}/stock`, { onHand: 999 })).status).toBe(403);
      const item = await db('warehouse').query('SELECT on_hand FROM items WHERE sku = $1', [sku]);
      expect(item.rows[0].on_hand).toBe(5);
    });

    it('admin actions need the admin role: buyer and seller get 403 on abort; the saga is untouched', async () => {
      const before = (await admin.call<{ events: unknown[] }>('GET', `/admin/sagas/${aliceOrder}`)).body
        .events.length;
      for (const user of [alice, bob, seller]) {
        const res = await user.call<{ code: string }>('POST', `/admin/sagas/${aliceOrder}/abort`, {
          by: 'intruder',
        });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('AUTH.FORBIDDEN');
        expect((await user.call('GET', `/admin/sagas/${aliceOrder}`)).status).toBe(403);
        expect((await user.call('GET', '/admin/sagas')).status).toBe(403);
      }
      const after = await admin.call<{ events: { type: string }[] }>('GET', `/admin/sagas/${aliceOrder}`);
      expect(after.status).toBe(200);
      expect(after.body.events).toHaveLength(before);
      expect(after.body.events.map((e) => e.type)).not.toContain('OperatorAbortRequested');
    });
  });

  describe('tokens', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const forged = (): [string, string][] => {
      const valid = sign({ sub: bob.userId, roles: ['buyer'], iat: now(), exp: now() + 600 });
      const [h, p, s] = valid.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
      return [
        [
          'expired (right secret)',
          sign({ sub: bob.userId, roles: ['buyer'], iat: now() - 7200, exp: now() - 60 }),
        ],
        ['tampered roles (signature kept)', `${h}.${b64({ ...claims, roles: ['admin'] })}.${s}`],
        ['tampered subject (signature kept)', `${h}.${b64({ ...claims, sub: alice.userId })}.${s}`],
        ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, roles: ['admin'] })}.`],
        [
          'another secret',
          sign({ sub: alice.userId, roles: ['admin'], iat: now(), exp: now() + 600 }, 'not-the-secret'),
        ],
        ['garbage', 'not.a.jwt'],
      ];
    };

    it('the control: a token signed with the system secret is accepted', async () => {
      const ok = sign({ sub: bob.userId, roles: ['buyer'], iat: now(), exp: now() + 600 });
      expect((await raw(gw, 'GET', '/wallet', ok)).status).toBe(200);
    });

    it('expired, tampered, none-alg and foreign tokens: 401 AUTH.UNAUTHORIZED on user and admin routes', async () => {
      for (const [name, token] of forged()) {
        for (const [method, path, body] of [
          ['GET', '/wallet', undefined],
          ['POST', '/wallet/deposits', { amount: 100 }],
          ['GET', `/orders/${aliceOrder}`, undefined],
          ['POST', `/admin/sagas/${aliceOrder}/abort`, { by: 'forger' }],
        ] as const) {
          const res = await raw(gw, method, path, token, body);
          expect({ name, path, status: res.status, code: res.body?.code }).toEqual({
            name,
            path,
            status: 401,
            code: 'AUTH.UNAUTHORIZED',
          });
        }
      }
      expect((await alice.call<{ balance: number }>('GET', '/wallet')).body.balance).toBe(10_000 - 1500);
      expect((await bob.call<{ balance: number }>('GET', '/wallet')).body.balance).toBe(0);
    });
  });

  it('login is rate-limited per client and email: 429 with Retry-After, even with the right password', async () => {
    const email = `ratelimit-${randomUUID()}@example.test`;
    const password = 'correct-horse-battery';
    expect(
      (
        await raw(gw, 'POST', '/auth/register', undefined, {
          email,
          password,
          displayName: 'R',
          role: 'buyer',
        })
      ).status,
    ).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await raw(gw, 'POST', '/auth/login', undefined, { email, password: `wrong-${i}` })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await raw(gw, 'POST', '/auth/login', undefined, { email, password });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('AUTH.RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).not.toHaveProperty('accessToken');
    await expect(ApiUser.register(gw, 'buyer')).resolves.toBeInstanceOf(ApiUser);
  });
});
