import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { closePools, db, freePortUrl, uniqueId } from './support';
import { FakeService, login, registerAndLogin, startGateway, testJwt } from './gateway-harness';

describe('gateway auth: register, login, me, roles (real PostgreSQL)', () => {
  let app: INestApplication;
  const adminEmail = `${uniqueId('Admin')}@Example.com`;
  const orchestrator = new FakeService(() => ({ status: 200, body: { items: [], total: 0 } }));
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startGateway({
      GAVEL_ADMIN_EMAIL: adminEmail,
      GAVEL_ADMIN_PASSWORD: 'admin-password-1',
      GAVEL_ORCHESTRATOR_URL: await orchestrator.start(),
      GAVEL_WAREHOUSE_URL: await freePortUrl(),
      GAVEL_LOGIN_RATE_MAX: '10',
    });
  });
  afterAll(async () => {
    await app?.close();
    await orchestrator.stop();
    await closePools();
  });

  it('registers a user with its UserRegistered event in the outbox, logs in and reads /me', async () => {
    const email = `${uniqueId('Ada')}@Example.COM`;
    const correlationId = uniqueId('corr-register');
    const reg = await http()
      .post('/auth/register')
      .set('x-correlation-id', correlationId)
      .send({ email, password: 'correct horse', displayName: '  Ada  ', role: 'seller' })
      .expect(201);
    const userId: string = reg.body.userId;
    expect(reg.body).toEqual({
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: email.toLowerCase(),
      roles: ['seller'],
    });

    const row = (
      await db('gateway').query('SELECT email, display_name, roles, password_hash FROM users WHERE id = $1', [
        userId,
      ])
    ).rows[0];
    expect(row).toMatchObject({ email: email.toLowerCase(), display_name: 'Ada', roles: ['seller'] });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const outbox = (await db('gateway').query('SELECT * FROM outbox WHERE aggregateid = $1', [userId])).rows;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      aggregatetype: 'user.events',
      type: 'UserRegistered',
      correlation_id: correlationId,
      payload: {
        type: 'UserRegistered',
        data: { userId, email: email.toLowerCase(), displayName: 'Ada', roles: ['seller'] },
      },
    });

    const res = await http()
      .post('/auth/login')
      .send({ email: email.toUpperCase(), password: 'correct horse' })
      .expect(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), expiresIn: 3600 });
    const claims = testJwt.verify<{ sub: string; roles: string[]; exp: number; iat: number }>(
      res.body.accessToken,
    );
    expect(claims).toMatchObject({ sub: userId, roles: ['seller'] });
    expect(claims.exp - claims.iat).toBe(3600);

    const me = await http().get('/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toEqual({
      userId,
      email: email.toLowerCase(),
      displayName: 'Ada',
      roles: ['seller'],
      createdAt: expect.any(String),
    });
  });

  it('refuses a second account with the same email (any case) with 409, writing nothing', async () => {
    const { email } = await registerAndLogin(app, 'buyer');
    const res = await http()
      .post('/auth/register')
      .send({ email: email.toUpperCase(), password: 'another-pass', displayName: 'Dup', role: 'seller' })
      .expect(409);
    expect(res.body).toEqual({
      code: 'AUTH.EMAIL_TAKEN',
      message: expect.any(String),
      correlationId: expect.any(String),
    });
    const rows = (await db('gateway').query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]))
      .rows;
    expect(rows[0].n).toBe(1);
  });

  const good = { password: 'password-123', displayName: 'Bob', role: 'buyer' };
  const invalid: [string, Record<string, unknown>][] = [
    ['a malformed email', { ...good, email: 'not-an-email' }],
    ['a short password', { ...good, password: 'short7!' }],
    ['a password over 128 characters', { ...good, password: 'x'.repeat(129) }],
    ['the admin role', { ...good, role: 'admin' }],
    ['an unknown role', { ...good, role: 'owner' }],
    ['a blank display name', { ...good, displayName: '   ' }],
    ['a missing display name', { password: good.password, role: good.role }],
    ['an unknown field', { ...good, roles: ['admin'] }],
  ];

  it.each(invalid)('rejects registration with %s: 400 REQUEST.INVALID, no user', async (_name, body) => {
    const email = `${uniqueId('bad')}@example.com`;
    const res = await http()
      .post('/auth/register')
      .send({ email, ...body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'REQUEST.INVALID',
      message: expect.any(String),
      correlationId: expect.any(String),
    });
    const rows = (await db('gateway').query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]))
      .rows;
    expect(rows[0].n).toBe(0);
  });

  it('rejects malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const res = await http().post('/auth/login').set('content-type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'REQUEST.MALFORMED_JSON',
      correlationId: expect.any(String),
    });
  });

  it('answers a wrong password and an unknown email alike: 401 AUTH.INVALID_CREDENTIALS', async () => {
    const { email } = await registerAndLogin(app, 'buyer');
    const wrong = await http().post('/auth/login').send({ email, password: 'wrong-password' }).expect(401);
    const unknown = await http()
      .post('/auth/login')
      .send({ email: `${uniqueId('nobody')}@example.com`, password: 'password-123' })
      .expect(401);
    for (const res of [wrong, unknown]) {
      expect(res.body).toEqual({
        code: 'AUTH.INVALID_CREDENTIALS',
        message: 'Invalid email or password',
        correlationId: expect.any(String),
      });
      expect(res.body.accessToken).toBeUndefined();
    }
  });

  describe('tokens', () => {
    let user: Awaited<ReturnType<typeof registerAndLogin>>;
    beforeAll(async () => {
      user = await registerAndLogin(app, 'buyer');
    });

    const expectUnauthorized = async (authorization: string | undefined): Promise<void> => {
      const req = http().get('/me');
      const res = await (authorization === undefined ? req : req.set('authorization', authorization));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        code: 'AUTH.UNAUTHORIZED',
        message: expect.any(String),
        correlationId: expect.any(String),
      });
    };

    it('accepts the issued token', async () => {
      await http().get('/me').set('authorization', `Bearer ${user.token}`).expect(200);
    });

    it('refuses a missing token or another scheme', async () => {
      await expectUnauthorized(undefined);
      await expectUnauthorized(`Basic ${Buffer.from('a:b').toString('base64')}`);
      await expectUnauthorized('Bearer');
    });

    it('refuses a tampered token (roles raised to admin, signature kept)', async () => {
      const [header, payload, signature] = user.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
      await expectUnauthorized(`Bearer ${header}.${forged}.${signature}`);
      await expectUnauthorized(`Bearer ${header}.${payload}.${signature.slice(0, -2)}xx`);
    });

    it('refuses an expired token signed with the right secret', async () => {
      const past = Math.floor(Date.now() / 1000) - 120;
      const expired = testJwt.sign({ sub: user.userId, roles: ['buyer'], iat: past - 3600, exp: past });
      await expectUnauthorized(`Bearer ${expired}`);
    });

    it('refuses a token signed with another secret and an unsigned one', async () => {
      const other = await import('@nestjs/jwt').then(
        ({ JwtService }) => new JwtService({ secret: 'some-other-secret' }),
      );
      await expectUnauthorized(`Bearer ${other.sign({ sub: user.userId, roles: ['buyer'] })}`);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: user.userId, roles: ['admin'] }),
      ).toString('base64url')}.`;
      await expectUnauthorized(`Bearer ${none}`);
    });
  });

  describe('roles', () => {
    it('forbids a buyer the seller and admin routes (403 AUTH.FORBIDDEN) without calling any service', async () => {
      const buyer = await registerAndLogin(app, 'buyer');
      const calls = orchestrator.requests.length;
      for (const [method, path] of [
        ['post', '/items'],
        ['put', '/items/SKU-1/stock'],
        ['get', '/items/SKU-1'],
        ['get', '/admin/sagas'],
        ['get', '/admin/sagas/s-1'],
        ['post', '/admin/sagas/s-1/abort'],
      ] as const) {
        const res = await http()[method](path).set('authorization', `Bearer ${buyer.token}`).send({});
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 403,
          code: 'AUTH.FORBIDDEN',
        });
      }
      expect(orchestrator.requests.length).toBe(calls);
    });

    it('forbids a seller to place orders', async () => {
      const seller = await registerAndLogin(app, 'seller');
      const res = await http().post('/orders').set('authorization', `Bearer ${seller.token}`).send({});
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.FORBIDDEN');
    });

    it('seeds the admin from the environment; the admin reaches /admin/sagas as x-gavel-role: admin', async () => {
      const token = await login(app, adminEmail, 'admin-password-1');
      const me = await http().get('/me').set('authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ email: adminEmail.toLowerCase(), roles: ['admin'] });
      const res = await http()
        .get('/admin/sagas')
        .query({ status: 'RUNNING', evil: 'x' })
        .set('authorization', `Bearer ${token}`)
        .set('x-correlation-id', 'corr-admin-list')
        .expect(200);
      expect(res.body).toEqual({ items: [], total: 0 });
      const seen = orchestrator.requests[orchestrator.requests.length - 1];
      expect(seen.path).toBe('/sagas?status=RUNNING');
      expect(seen.headers).toMatchObject({
        'x-gavel-role': 'admin',
        'x-gavel-user-id': me.body.userId,
        'x-correlation-id': 'corr-admin-list',
      });
    });
  });

  it('rate-limits logins per IP and email: the 11th attempt in a minute gets 429 AUTH.RATE_LIMITED', async () => {
    const { email } = await registerAndLogin(app, 'buyer');
    // registerAndLogin used one attempt; nine more wrong passwords fill the window.
    for (let i = 0; i < 9; i++)
      await http().post('/auth/login').send({ email, password: 'wrong-password' }).expect(401);
    const limited = await http()
      .post('/auth/login')
      .send({ email: email.toUpperCase(), password: 'password-123' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      code: 'AUTH.RATE_LIMITED',
      message: expect.any(String),
      correlationId: expect.any(String),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another email from the same client is not affected.
    const other = await registerAndLogin(app, 'buyer');
    expect(other.token).toEqual(expect.any(String));
  });

  it('serves the OpenAPI document with bearer auth and the error schema', async () => {
    const res = await http().get('/docs-json').expect(200);
    expect(res.body.components.securitySchemes.jwt).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/auth/register',
        '/auth/login',
        '/me',
        '/wallet',
        '/wallet/deposits',
        '/orders',
        '/orders/{orderId}',
        '/items',
        '/admin/sagas',
      ]),
    );
    expect(res.body.paths['/me'].get.security).toEqual([{ jwt: [] }]);
    expect(res.body.components.schemas.ErrorBodyDto.required).toEqual(
      expect.arrayContaining(['code', 'message', 'correlationId']),
    );
    const ui = await http().get('/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});

describe('gateway login throttle behind a proxy: GAVEL_TRUST_PROXY=1 (real PostgreSQL)', () => {
  let app: INestApplication;
  // what ingress-nginx appends: the address it saw the client connect from
  const CLIENT_A = '198.51.100.10';
  const CLIENT_B = '203.0.113.20';
  const attempt = (email: string, password: string, forwardedFor?: string) => {
    const req = request(app.getHttpServer()).post('/auth/login');
    if (forwardedFor) req.set('x-forwarded-for', forwardedFor);
    return req.send({ email, password });
  };

  beforeAll(async () => {
    app = await startGateway({
      GAVEL_TRUST_PROXY: '1',
      GAVEL_LOGIN_RATE_MAX: '3',
      GAVEL_ORCHESTRATOR_URL: await freePortUrl(),
      GAVEL_WAREHOUSE_URL: await freePortUrl(),
    });
  });
  afterAll(async () => {
    await app?.close();
    delete process.env.GAVEL_TRUST_PROXY;
    delete process.env.GAVEL_LOGIN_RATE_MAX;
  });

  it('counts per client address: attempts exhausted from one address lock the email out there only', async () => {
    const { email } = await registerAndLogin(app, 'buyer'); // one attempt, from the socket's address
    for (let i = 0; i < 3; i++) await attempt(email, 'wrong-password', CLIENT_A).expect(401);
    const limited = await attempt(email, 'password-123', CLIENT_A);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('AUTH.RATE_LIMITED');
    // the owner, from another address behind the same proxy, still signs in
    const owner = await attempt(email, 'password-123', CLIENT_B).expect(200);
    expect(owner.body.accessToken).toEqual(expect.any(String));
    // and so does a client reaching the gateway without a proxy (the socket's address)
    await attempt(email, 'password-123').expect(200);
  });

  it('takes the address the proxy appended: entries a client writes in front of it do not reset its count', async () => {
    const { email } = await registerAndLogin(app, 'buyer');
    for (let i = 0; i < 3; i++) {
      await attempt(email, 'wrong-password', `10.66.0.${i}, ${CLIENT_A}`).expect(401);
    }
    const spoofed = await attempt(email, 'password-123', `192.0.2.99, ${CLIENT_A}`);
    expect(spoofed.status).toBe(429);
    await attempt(email, 'password-123', CLIENT_B).expect(200);
  });
});
