import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AppModule } from '../../../app.module';
import { startInProcess } from '../../../../../../test/support/apps';
import { closePools, db, uniqueId } from '../../../../../../test/support/env';

describe('POST /wallets/:userId/deposits (real PostgreSQL)', () => {
  let app: INestApplication;
  let userId: string;

  beforeAll(async () => {
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    await app.close();
    await closePools();
  });
  beforeEach(async () => {
    userId = uniqueId('u');
    await request(app.getHttpServer()).post('/wallets').send({ userId }).expect(201);
  });

  async function written(
    user: string,
  ): Promise<{ deposits: number; outbox: number; balance: number | null }> {
    const [d, o, b] = await Promise.all([
      db('wallet').query('SELECT count(*)::int AS n FROM deposits WHERE user_id = $1', [user]),
      db('wallet').query('SELECT count(*)::int AS n FROM outbox WHERE aggregateid = $1', [user]),
      db('wallet').query('SELECT balance FROM wallet_accounts WHERE user_id = $1', [user]),
    ]);
    return {
      deposits: d.rows[0].n,
      outbox: o.rows[0].n,
      balance: b.rows[0] ? Number(b.rows[0].balance) : null,
    };
  }

  it('credits the balance and writes the deposit and its outbox row together', async () => {
    const res = await request(app.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .set('x-correlation-id', 'corr-topup-1')
      .send({ amount: 2500 })
      .expect(201);
    expect(res.body).toMatchObject({ userId, amount: 2500, currency: 'USD', balance: 2500 });
    expect(res.headers['x-correlation-id']).toBe('corr-topup-1');
    expect(await written(userId)).toEqual({ deposits: 1, outbox: 1, balance: 2500 });
    const outbox = await db('wallet').query('SELECT * FROM outbox WHERE aggregateid = $1', [userId]);
    expect(outbox.rows[0]).toMatchObject({
      aggregatetype: 'wallet.events',
      type: 'FundsDeposited',
      correlation_id: 'corr-topup-1',
      payload: { type: 'FundsDeposited', data: { userId, amount: '2500', balance: '2500', currency: 'USD' } },
    });
  });

  const invalid: [string, unknown, string][] = [
    ['negative', { amount: -100 }, 'REQUEST.INVALID'],
    ['zero', { amount: 0 }, 'REQUEST.INVALID'],
    ['fractional', { amount: 10.5 }, 'REQUEST.INVALID'],
    ['a numeric string', { amount: '100' }, 'REQUEST.INVALID'],
    ['a boolean', { amount: true }, 'REQUEST.INVALID'],
    ['null', { amount: null }, 'REQUEST.INVALID'],
    ['missing', {}, 'REQUEST.INVALID'],
    ['too large', { amount: 1_000_000_001 }, 'REQUEST.INVALID'],
    ['beyond safe integers', { amount: 2 ** 60 }, 'REQUEST.INVALID'],
    ['an unknown field', { amount: 100, admin: true }, 'REQUEST.INVALID'],
    ['another currency', { amount: 100, currency: 'EUR' }, 'REQUEST.INVALID'],
    ['an array body', [{ amount: 100 }], 'REQUEST.INVALID'],
  ];

  it.each(invalid)('rejects %s with 400 and a code, writing nothing', async (_name, body, code) => {
    const res = await request(app.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .send(body as object);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code, message: expect.any(String), correlationId: expect.any(String) });
    expect(await written(userId)).toEqual({ deposits: 0, outbox: 0, balance: 0 });
  });

  it('rejects malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const res = await request(app.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .set('content-type', 'application/json')
      .send('{"amount": 1');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.MALFORMED_JSON');
    expect(res.body.correlationId).toEqual(expect.any(String));
    expect(await written(userId)).toEqual({ deposits: 0, outbox: 0, balance: 0 });
  });

  it('rejects a NUL character anywhere in the request with 400, before it reaches PostgreSQL', async () => {
    const inBody = await request(app.getHttpServer()).post('/wallets').send({ userId: 'a\u0000b' });
    expect(inBody.status).toBe(400);
    expect(inBody.body).toMatchObject({
      code: 'REQUEST.INVALID_CHARACTERS',
      correlationId: expect.any(String),
    });
    const inPath = await request(app.getHttpServer()).get('/wallets/a%00b');
    expect(inPath.status).toBe(400);
    expect(await written(userId)).toEqual({ deposits: 0, outbox: 0, balance: 0 });
  });

  it('rejects an oversized body with 413', async () => {
    const res = await request(app.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .send({ amount: 100, note: 'x'.repeat(64 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('REQUEST.TOO_LARGE');
    expect(await written(userId)).toEqual({ deposits: 0, outbox: 0, balance: 0 });
  });

  it('rejects an unknown user with 404 WALLET.NOT_FOUND', async () => {
    const ghost = uniqueId('ghost');
    const res = await request(app.getHttpServer()).post(`/wallets/${ghost}/deposits`).send({ amount: 100 });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('WALLET.NOT_FOUND');
    expect(await written(ghost)).toEqual({ deposits: 0, outbox: 0, balance: null });
  });

  it('rejects a malformed user id with 400', async () => {
    const res = await request(app.getHttpServer())
      .post(`/wallets/${encodeURIComponent('bad id!')}/deposits`)
      .send({ amount: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.INVALID');
  });

  it('makes a retried top-up with the same Idempotency-Key credit once', async () => {
    const first = await request(app.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .set('idempotency-key', 'key-1')
      .send({ amount: 700 })
      .expect(201);
    const again = await request(app.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .set('idempotency-key', 'key-1')
      .send({ amount: 700 })
      .expect(200);
    expect(again.body.depositId).toBe(first.body.depositId);
    const conflict = await request(app.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .set('idempotency-key', 'key-1')
      .send({ amount: 800 });
    expect(conflict.status).toBe(422);
    expect(conflict.body.code).toBe('WALLET.IDEMPOTENCY_KEY_REUSED');
    expect(await written(userId)).toEqual({ deposits: 1, outbox: 1, balance: 700 });
  });

  it('refuses to open the same wallet twice', async () => {
    const res = await request(app.getHttpServer()).post('/wallets').send({ userId }).expect(409);
    expect(res.body.code).toBe('WALLET.ALREADY_EXISTS');
  });
});
