import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { freePort, ServiceProcess, spawnService, startInProcess } from '../support/apps';
import { closePools, db, stack, uniqueId, waitFor } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';

/** Small fetches and a short session so a killed consumer's partitions move quickly and batches are many. */
const consumerEnv = { GAVEL_KAFKA_MAX_BYTES_PER_PARTITION: '16384', GAVEL_KAFKA_SESSION_TIMEOUT_MS: '8000' };

describe('faults on the CDC path: nothing lost, nothing applied twice', () => {
  let wallet: INestApplication;
  let notification: ServiceProcess | undefined;
  const tap = new KafkaTap(Topics.walletEvents);

  let NOTIFICATION_PORT: number;

  beforeAll(async () => {
    NOTIFICATION_PORT = await freePort();
    await tap.start();
    wallet = await startInProcess(WalletApp);
  });
  afterAll(async () => {
    await notification?.kill('SIGTERM');
    await wallet?.close();
    await tap.stop();
    await closePools();
  });

  async function openWallets(n: number): Promise<string[]> {
    const users = Array.from({ length: n }, () => uniqueId('fault'));
    for (const userId of users)
      await request(wallet.getHttpServer()).post('/wallets').send({ userId }).expect(201);
    return users;
  }

  async function topUps(users: string[], perUser: number): Promise<void> {
    const jobs = users.flatMap((userId) =>
      Array.from({ length: perUser }, (_, i) => ({ userId, amount: i + 1 })),
    );
    const server = wallet.getHttpServer();
    for (let i = 0; i < jobs.length; i += 20) {
      await Promise.all(
        jobs
          .slice(i, i + 20)
          .map((j) =>
            request(server).post(`/wallets/${j.userId}/deposits`).send({ amount: j.amount }).expect(201),
          ),
      );
    }
  }

  async function notificationCount(users: string[]): Promise<number> {
    const r = await db('notification').query(
      'SELECT count(*)::int AS n FROM notifications WHERE user_id = ANY($1)',
      [users],
    );
    return r.rows[0].n;
  }

  async function inboxCount(users: string[]): Promise<number> {
    const ids = users.flatMap((u) => tap.byKey(u).map((r) => r.headers['message-id']));
    const r = await db('notification').query(
      `SELECT count(*)::int AS n FROM processed_messages WHERE consumer = 'notification' AND message_id = ANY($1)`,
      [ids],
    );
    return r.rows[0].n;
  }

  it('Kafka Connect stopped after commits and started again: every event arrives, each applied once', async () => {
    notification = await spawnService('notification', NOTIFICATION_PORT, consumerEnv);
    const users = await openWallets(4);
    await stack('down', 'connect');
    await topUps(users, 10); // 40 commits while CDC is down
    expect(users.flatMap((u) => tap.byKey(u))).toHaveLength(0);
    await stack('up', 'connect');

    await waitFor('40 notifications', async () => (await notificationCount(users)) >= 40, 180_000, 500);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await notificationCount(users)).toBe(40);
    const distinct = new Set(users.flatMap((u) => tap.byKey(u).map((r) => r.headers['message-id'])));
    expect(distinct.size).toBe(40);
    expect(await inboxCount(users)).toBe(40);
  });

  it('the consumer killed with SIGKILL mid-batch and restarted: no effect applied twice, none lost', async () => {
    await notification?.kill('SIGTERM');
    const users = await openWallets(12);
    const total = 12 * 60;
    await topUps(users, 60);
    await waitFor(
      `${total} records on Kafka`,
      async () => users.flatMap((u) => tap.byKey(u)).length >= total,
      120_000,
      250,
    );

    notification = await spawnService('notification', NOTIFICATION_PORT, consumerEnv);
    const atKill = await waitFor(
      'the first applied batch',
      async () => {
        const n = await notificationCount(users);
        return n > 0 && n;
      },
      60_000,
      5,
    );
    await notification.kill('SIGKILL');
    const afterKill = await notificationCount(users);
    expect(atKill).toBeLessThan(total);
    expect(afterKill).toBeLessThan(total);

    notification = await spawnService('notification', NOTIFICATION_PORT, consumerEnv);
    await waitFor(
      `${total} notifications`,
      async () => (await notificationCount(users)) >= total,
      120_000,
      250,
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(await notificationCount(users)).toBe(total);
    expect(await inboxCount(users)).toBe(total);
  });
});
