import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { AppModule as LotApp } from '../../apps/lot/src/app.module';
import { AppModule as NotificationApp } from '../../apps/notification/src/app.module';
import { startGateway } from '../gateway/gateway-harness';
import { startInProcess } from '../support/apps';
import { closePools, db, sleep, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';
import { createLot, CreatedLot, inSeconds, lotEvent, lotEvents, replyTo, sendBids } from './support';

/**
 * How a SOLD lot learns its sale's outcome, through the real servers: an OrderCancelled / OrderCompleted
 * produced on order.events as the orchestrator's outbox router writes it → the lot service (its own
 * consumer group) → lots row + LotSaleFailed in its outbox → Debezium → lot.events → the notification
 * service → the seller's and the winner's notifications. The lot is read through the gateway too.
 */
describe('sale outcome of a SOLD lot', () => {
  const ENV = {
    GAVEL_LOT_CLOCK_MS: '50',
    GAVEL_LOT_SEARCH: 'false',
    // Groups of their own, so these in-process services see every message whatever else runs.
    GAVEL_LOT_SALES_GROUP: 'lot-sales-int-test',
    GAVEL_NOTIFICATION_CONSUMER: 'notification-sale-int-test',
  };
  const previous = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
  const previousLotUrl = process.env.GAVEL_LOT_URL;
  let lotApp: INestApplication;
  let notificationApp: INestApplication;
  let gateway: INestApplication;
  const replies = new KafkaTap(Topics.orchestratorReplies);
  const events = new KafkaTap(Topics.lotEvents);
  const dlq = new KafkaTap(Topics.deadLetter(Topics.orderEvents));

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    await Promise.all([replies.start(), events.start(), dlq.start()]);
    lotApp = await startInProcess(LotApp);
    await lotApp.listen(0, '127.0.0.1');
    const { port } = lotApp.getHttpServer().address() as AddressInfo;
    notificationApp = await startInProcess(NotificationApp);
    gateway = await startGateway({ GAVEL_LOT_URL: `http://127.0.0.1:${port}`, GAVEL_LIVE_ENABLED: 'false' });
  });
  afterAll(async () => {
    await gateway?.close();
    await notificationApp?.close();
    await lotApp?.close();
    await Promise.all([replies.stop(), events.stop(), dlq.stop()]);
    for (const [k, v] of Object.entries({ ...previous, GAVEL_LOT_URL: previousLotUrl })) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await closePools();
  });

  const getLot = async (app: INestApplication, id: string) =>
    (await request(app.getHttpServer()).get(`/lots/${id}`).expect(200)).body;

  /** A lot that closes SOLD to `winner` at 1500 a few seconds from now. */
  async function soldLot(): Promise<{ lot: CreatedLot; winner: string }> {
    const lot = await createLot(lotApp, {
      title: `Lamp ${uniqueId('t')}`,
      endsAt: inSeconds(4),
      softCloseWindowS: 0,
    });
    const winner = uniqueId('winner');
    const [bid] = await sendBids([{ lotId: lot.id, bidderId: winner, amount: '1500' }]);
    expect(await replyTo(replies, bid.metadata.commandId)).toMatchObject({
      metadata: { outcome: 'success' },
    });
    return { lot, winner };
  }

  /** One order.events record as Debezium's outbox router writes it: key orderId, ids in headers. */
  async function publishOrderEvent(
    type: string,
    data: Record<string, unknown>,
    messageId: string = randomUUID(),
  ): Promise<string> {
    const value = JSON.stringify({ type, data });
    await produceRaw(Topics.orderEvents, [
      {
        key: String(data.orderId),
        value,
        headers: { 'message-id': messageId, type, 'correlation-id': `corr-${messageId}` },
      },
    ]);
    return messageId;
  }

  const processed = async (messageId: string): Promise<boolean> =>
    (
      await db('lot').query(
        `SELECT 1 FROM processed_messages WHERE consumer = 'lot-sales' AND message_id = $1`,
        [messageId],
      )
    ).rows.length === 1;

  const notificationsOf = async (userId: string) =>
    (await request(notificationApp.getHttpServer()).get('/notifications').query({ userId }).expect(200)).body
      .items as { kind: string; title: string; body: string }[];

  it('an OrderCancelled records the failed sale, publishes LotSaleFailed, tells seller and winner; a redelivery changes nothing', async () => {
    const [{ lot, winner }, completedSale] = await Promise.all([soldLot(), soldLot()]);
    await lotEvent(events, lot.id, 'AuctionClosed');
    expect(await getLot(lotApp, lot.id)).toMatchObject({
      status: 'CLOSED',
      outcome: 'SOLD',
      winnerId: winner,
      saleStatus: 'PENDING',
    });

    const orderId = randomUUID();
    const cancelled = {
      orderId,
      lotId: lot.id,
      buyerId: winner,
      sellerId: lot.sellerId,
      amount: '1500',
      reason: 'no stock for sku lamp',
      code: 'WAREHOUSE.OUT_OF_STOCK',
    };
    const messageId = await publishOrderEvent('OrderCancelled', cancelled);

    const failed = await waitFor('the failed sale', async () => {
      const view = await getLot(lotApp, lot.id);
      return view.saleStatus === 'FAILED' && view;
    });
    expect(failed).toMatchObject({
      status: 'CLOSED',
      outcome: 'SOLD',
      saleOrderId: orderId,
      saleFailureCode: 'WAREHOUSE.OUT_OF_STOCK',
      saleFailureReason: 'no stock for sku lamp',
      saleSettledAt: expect.any(String),
    });
    // The public view through the gateway passes the outcome on as is.
    expect(await getLot(gateway, lot.id)).toMatchObject({
      id: lot.id,
      saleStatus: 'FAILED',
      saleFailureCode: 'WAREHOUSE.OUT_OF_STOCK',
      saleFailureReason: 'no stock for sku lamp',
    });
    const listed = (
      await request(lotApp.getHttpServer()).get('/lots').query({ sellerId: lot.sellerId }).expect(200)
    ).body.lots;
    expect(listed).toEqual([
      expect.objectContaining({
        id: lot.id,
        saleStatus: 'FAILED',
        saleFailureCode: 'WAREHOUSE.OUT_OF_STOCK',
      }),
    ]);

    const saleFailed = await lotEvent(events, lot.id, 'LotSaleFailed');
    expect(saleFailed.data).toEqual({
      lotId: lot.id,
      orderId,
      sellerId: lot.sellerId,
      winnerId: winner,
      title: lot.title,
      amount: '1500',
      code: 'WAREHOUSE.OUT_OF_STOCK',
      reason: 'no stock for sku lamp',
      failedAt: failed.saleSettledAt,
      // Nobody else bid: no second chance, so the default (second chance, then close) closes it unsold.
      next: 'CLOSED_UNSOLD',
    });
    expect(failed).toMatchObject({ stage: 'CLOSED_UNSOLD', failedSaleOutcome: 'CLOSED_UNSOLD' });
    expect(failed.secondChance).toBeUndefined();

    const sellerNotes = await waitFor('the seller told', async () => {
      const items = await notificationsOf(lot.sellerId);
      return items.some((n) => n.kind === 'auction.sale_failed') && items;
    });
    expect(sellerNotes.find((n) => n.kind === 'auction.sale_failed')).toMatchObject({
      title: 'Sale failed',
      body: `The sale of "${String(lot.title)}" failed: no stock for sku lamp. The lot is closed unsold.`,
    });
    const winnerNotes = await waitFor('the winner told', async () => {
      const items = await notificationsOf(winner);
      return items.some((n) => n.kind === 'auction.purchase_failed') && items;
    });
    expect(winnerNotes.find((n) => n.kind === 'auction.purchase_failed')?.body).toContain(
      'failed: no stock for sku lamp',
    );

    // Redelivered (same message-id), then published again (a new message-id, same outcome), then a probe
    // on the same key (same partition, so consumed after both) that cannot be parsed.
    const before = (
      await db('lot').query(`SELECT sale_settled_at, updated_at FROM lots WHERE id = $1`, [lot.id])
    ).rows[0];
    await publishOrderEvent('OrderCancelled', cancelled, messageId);
    const again = await publishOrderEvent('OrderCancelled', cancelled);
    const probeId = randomUUID();
    await produceRaw(Topics.orderEvents, [
      { key: orderId, value: '{"type": "OrderCancelled", "data": ', headers: { 'message-id': probeId } },
    ]);
    const [dead] = await waitFor('the unparseable probe dead-lettered', async () => {
      const mine = dlq.byKey(orderId).filter((r) => r.headers['dlq-consumer'] === 'lot-sales');
      return mine.length > 0 && mine;
    });
    expect(dead.headers['message-id']).toBe(probeId);
    expect(dead.headers['dlq-reason']).toMatch(/^MALFORMED_JSON/);
    await waitFor('the republished outcome consumed', () => processed(again));
    await sleep(2000); // a second LotSaleFailed or notification would have travelled by now
    expect(
      (await db('lot').query(`SELECT sale_settled_at, updated_at FROM lots WHERE id = $1`, [lot.id])).rows[0],
    ).toEqual(before);
    expect(lotEvents(events, lot.id, 'LotSaleFailed')).toHaveLength(1);
    expect(
      (await notificationsOf(lot.sellerId)).filter((n) => n.kind === 'auction.sale_failed'),
    ).toHaveLength(1);
    expect((await notificationsOf(winner)).filter((n) => n.kind === 'auction.purchase_failed')).toHaveLength(
      1,
    );

    // The other lot's order completes: COMPLETED, nothing published; a contradicting cancel is dead-lettered.
    const other = completedSale.lot;
    await waitFor(
      'the other lot closed',
      async () => (await getLot(lotApp, other.id)).saleStatus === 'PENDING',
    );
    const otherOrder = randomUUID();
    const base = {
      orderId: otherOrder,
      lotId: other.id,
      buyerId: completedSale.winner,
      sellerId: other.sellerId,
      amount: '1500',
    };
    await publishOrderEvent('OrderCompleted', { ...base, sku: other.sku, quantity: 1 });
    const completed = await waitFor('the completed sale', async () => {
      const view = await getLot(lotApp, other.id);
      return view.saleStatus === 'COMPLETED' && view;
    });
    expect(completed).toMatchObject({ saleOrderId: otherOrder, saleSettledAt: expect.any(String) });
    expect(completed.saleFailureCode).toBeUndefined();
    const contradicting = await publishOrderEvent('OrderCancelled', {
      ...base,
      reason: 'late',
      code: 'TEST.LATE',
    });
    const [refused] = await waitFor('the contradicting outcome dead-lettered', async () => {
      const mine = dlq.byKey(otherOrder).filter((r) => r.headers['message-id'] === contradicting);
      return mine.length > 0 && mine;
    });
    expect(refused.headers['dlq-reason']).toMatch(/^HANDLER_FAILED: LOT.SALE_ALREADY_SETTLED/);
    expect((await getLot(lotApp, other.id)).saleStatus).toBe('COMPLETED');
    expect(lotEvents(events, other.id, 'LotSaleFailed')).toEqual([]);
  });

  it('an order that names no lot is not a sale: skipped before the inbox, the next on its partition applied', async () => {
    const { lot, winner } = await soldLot();
    await waitFor('the lot closed', async () => (await getLot(lotApp, lot.id)).saleStatus === 'PENDING');
    const orderId = randomUUID();
    const plain = await publishOrderEvent('OrderCancelled', {
      orderId,
      buyerId: uniqueId('buyer'),
      sellerId: uniqueId('seller'),
      amount: '100',
      reason: 'plain order',
      code: 'WAREHOUSE.OUT_OF_STOCK',
    });
    // the same key, so the same partition: consumed after the plain one
    const sale = await publishOrderEvent('OrderCompleted', {
      orderId,
      lotId: lot.id,
      buyerId: winner,
      sellerId: lot.sellerId,
      amount: '1500',
      sku: lot.sku,
      quantity: 1,
    });
    await waitFor('the sale behind it applied', () => processed(sale));
    expect((await getLot(lotApp, lot.id)).saleStatus).toBe('COMPLETED');
    expect(await processed(plain)).toBe(false);
    expect(dlq.byKey(orderId)).toEqual([]);
  });
});
