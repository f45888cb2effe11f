import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { parseTraceparent } from '@app/observability';
import { AppModule as NotificationApp } from '../../apps/notification/src/app.module';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';

/**
 * W3C trace context end to end: HTTP (the middleware starts or continues a trace) → outbox → Debezium
 * → Kafka header → consumer context → the consumer's own outbox → Kafka header.
 */
describe('trace context across HTTP, the outbox and Kafka', () => {
  const CONSUMER = 'notification-int-test';
  let wallet: INestApplication;
  let notification: INestApplication;
  const walletTap = new KafkaTap(Topics.walletEvents);
  const createdTap = new KafkaTap('notification.events');

  beforeAll(async () => {
    process.env.GAVEL_NOTIFICATION_CONSUMER = CONSUMER;
    await Promise.all([walletTap.start(), createdTap.start()]);
    [wallet, notification] = await Promise.all([startInProcess(WalletApp), startInProcess(NotificationApp)]);
  });
  afterAll(async () => {
    await Promise.all([wallet?.close(), notification?.close()]);
    await Promise.all([walletTap.stop(), createdTap.stop()]);
    delete process.env.GAVEL_NOTIFICATION_CONSUMER;
    await closePools();
  });

  async function deposit(traceparent?: string): Promise<string | undefined> {
    const userId = uniqueId('trace');
    const http = request(wallet.getHttpServer());
    await http.post('/wallets').send({ userId }).expect(201);
    const req = http.post(`/wallets/${userId}/deposits`).send({ amount: 100 });
    await (traceparent ? req.set('traceparent', traceparent) : req).expect(201);
    const [record] = await waitFor(
      'the FundsDeposited record',
      async () => walletTap.byKey(userId).length > 0 && walletTap.byKey(userId),
    );
    return record.headers['traceparent'];
  }

  it('starts a trace for a request that carries none (or an invalid one)', async () => {
    const [a, b] = [await deposit(), await deposit('not-a-traceparent')];
    expect(parseTraceparent(a)).toBeDefined();
    expect(parseTraceparent(b)).toBeDefined();
    expect(parseTraceparent(a)!.traceId).not.toBe(parseTraceparent(b)!.traceId);
  });

  it('continues the caller’s trace as a child span', async () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const ctx = parseTraceparent(await deposit(parent));
    expect(ctx).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', flags: '01' });
    expect(ctx!.spanId).not.toBe('b7ad6b7169203331');
  });

  it('carries a consumed event’s trace into the messages its handler publishes', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const buyerId = uniqueId('buyer');
    const orderId = randomUUID();
    const data = { orderId, buyerId, sellerId: uniqueId('seller'), sku: 'lamp', quantity: 1, amount: '100' };
    await produceRaw(Topics.orderEvents, [
      {
        key: orderId,
        value: JSON.stringify({ type: 'OrderCompleted', data }),
        headers: { 'message-id': randomUUID(), traceparent },
      },
    ]);
    const [record] = await waitFor(
      'NotificationCreated',
      async () => createdTap.byKey(buyerId).length > 0 && createdTap.byKey(buyerId),
    );
    expect(parseTraceparent(record.headers['traceparent'])?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
