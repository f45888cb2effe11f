import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { AppModule as NotificationApp } from '../../apps/notification/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, db, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';

/**
 * wallet (HTTP) → PostgreSQL outbox → Debezium (Kafka Connect, Outbox Event Router) → Kafka
 * → notification (idempotent consumer) → PostgreSQL. All real servers.
 */
describe('outbox → Debezium → Kafka → idempotent consumer', () => {
  let wallet: INestApplication;
  let notification: INestApplication;
  const walletTap = new KafkaTap(Topics.walletEvents);
  const dlqTap = new KafkaTap(Topics.deadLetter(Topics.walletEvents));

  beforeAll(async () => {
    await Promise.all([walletTap.start(), dlqTap.start()]);
    wallet = await startInProcess(WalletApp);
    notification = await startInProcess(NotificationApp);
  });
  afterAll(async () => {
    await notification?.close();
    await wallet?.close();
    await Promise.all([walletTap.stop(), dlqTap.stop()]);
    await closePools();
  });

  async function openWallet(): Promise<string> {
    const userId = uniqueId('cdc');
    await request(wallet.getHttpServer()).post('/wallets').send({ userId }).expect(201);
    return userId;
  }

  const notificationsOf = async (userId: string): Promise<{ source_message_id: string }[]> =>
    (
      await db('notification').query('SELECT source_message_id FROM notifications WHERE user_id = $1', [
        userId,
      ])
    ).rows;

  it('delivers a top-up event once, keyed by the user, with its ids as headers', async () => {
    const userId = await openWallet();
    const res = await request(wallet.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .set('x-correlation-id', `corr-${userId}`)
      .send({ amount: 1234 })
      .expect(201);

    const [record] = await waitFor(
      'the FundsDeposited record',
      async () => walletTap.byKey(userId).length > 0 && walletTap.byKey(userId),
    );
    expect(record.value).toEqual({
      type: 'FundsDeposited',
      data: { depositId: res.body.depositId, userId, amount: '1234', currency: 'USD', balance: '1234' },
    });
    expect(record.headers['message-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.headers['correlation-id']).toBe(`corr-${userId}`);
    expect(record.headers['type']).toBe('FundsDeposited');

    const stored = await waitFor('the notification', async () => {
      const rows = await notificationsOf(userId);
      return rows.length > 0 && rows;
    });
    expect(stored).toEqual([{ source_message_id: record.headers['message-id'] }]);
    const page = await request(notification.getHttpServer())
      .get('/notifications')
      .query({ userId })
      .expect(200);
    expect(page.body).toMatchObject({
      total: 1,
      unread: 1,
      items: [{ kind: 'deposit.credited', read: false }],
    });
    expect(page.body.items[0].body).toContain('12.34 USD');

    // Give a late duplicate a chance to show up before asserting exactly-once.
    await new Promise((r) => setTimeout(r, 1000));
    expect(walletTap.byKey(userId)).toHaveLength(1);
    expect(await notificationsOf(userId)).toHaveLength(1);
  });

  it('applies a redelivered message (same message-id) once', async () => {
    const userId = await openWallet();
    await request(wallet.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .send({ amount: 50 })
      .expect(201);
    const [record] = await waitFor(
      'the record',
      async () => walletTap.byKey(userId).length > 0 && walletTap.byKey(userId),
    );
    await waitFor('the first notification', async () => (await notificationsOf(userId)).length === 1);

    await produceRaw(Topics.walletEvents, [
      { key: userId, value: record.raw.value, headers: record.headers },
      { key: userId, value: record.raw.value, headers: record.headers },
    ]);
    await waitFor('the redeliveries to be consumed', async () => walletTap.byKey(userId).length === 3);
    const inbox = await waitFor('the inbox row', async () => {
      const r = await db('notification').query(
        `SELECT count(*)::int AS n FROM processed_messages WHERE message_id = $1`,
        [record.headers['message-id']],
      );
      return r.rows[0].n === 1 && r.rows[0].n;
    });
    expect(inbox).toBe(1);
    // A fresh top-up behind the duplicates proves they were consumed (same key → same partition, in order).
    await request(wallet.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .send({ amount: 60 })
      .expect(201);
    await waitFor('the second notification', async () => (await notificationsOf(userId)).length === 2);
    expect(await notificationsOf(userId)).toHaveLength(2);
  });

  it('dead-letters malformed and invalid messages with the reason and keeps consuming', async () => {
    const userId = await openWallet();
    const badId = uniqueId('bad');
    await produceRaw(Topics.walletEvents, [
      { key: userId, value: '{not json', headers: { 'message-id': `${badId}-1` } },
      {
        key: userId,
        value: JSON.stringify({ type: 'FundsDeposited', data: { userId, amount: '-5' } }),
        headers: { 'message-id': `${badId}-2` },
      },
      { key: userId, value: JSON.stringify({ type: 'FundsDeposited', data: {} }) },
    ]);
    await request(wallet.getHttpServer())
      .post(`/wallets/${userId}/deposits`)
      .send({ amount: 75 })
      .expect(201);

    const dead = await waitFor(
      'three dead letters',
      async () => dlqTap.byKey(userId).length >= 3 && dlqTap.byKey(userId),
    );
    const reasons = dead.map((d) => d.headers['dlq-reason']).sort();
    expect(reasons).toEqual([
      expect.stringMatching(/^INVALID_PAYLOAD/),
      expect.stringMatching(/^MALFORMED_JSON/),
      expect.stringMatching(/^MISSING_HEADER: message-id/),
    ]);
    expect(dead.every((d) => d.headers['dlq-source-topic'] === Topics.walletEvents)).toBe(true);
    expect(dead.find((d) => d.headers['message-id'] === `${badId}-1`)?.raw.value?.toString()).toBe(
      '{not json',
    );
    await waitFor('the valid deposit behind them', async () => (await notificationsOf(userId)).length === 1);
  });
});
