import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { db, sleep, uniqueId, waitFor } from '../support/env';
import { KafkaTap, TappedRecord } from '../support/kafka-tap';
import { CONSUMER, notificationService, publish } from './support';

/**
 * Domain events produced on the real Kafka topics → the notification service (in process, its own
 * consumer group) → PostgreSQL → its outbox → Debezium → `notification.events`. All real servers.
 */
describe('notifications for user-facing events', () => {
  const NOTIFICATION_EVENTS = 'notification.events';
  const createdTap = new KafkaTap(NOTIFICATION_EVENTS);
  const lotDlqTap = new KafkaTap(Topics.deadLetter(Topics.lotEvents));
  const service = notificationService([createdTap, lotDlqTap]);

  interface Row {
    id: string;
    kind: string;
    title: string;
    body: string;
    source_message_id: string;
    read_at: Date | null;
  }

  const notificationsOf = async (userId: string): Promise<Row[]> =>
    (
      await db('notification').query(
        `SELECT id, kind, title, body, source_message_id, read_at FROM notifications
         WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      )
    ).rows;

  const waitForNotifications = (userId: string, count = 1): Promise<Row[]> =>
    waitFor(`${count} notification(s) for ${userId}`, async () => {
      const rows = await notificationsOf(userId);
      return rows.length >= count && rows;
    });

  const createdFor = (userId: string): TappedRecord[] => createdTap.byKey(userId);

  async function expectAnnounced(userId: string, row: Row): Promise<void> {
    const [record, ...more] = await waitFor(
      `NotificationCreated for ${userId}`,
      async () => createdFor(userId).length > 0 && createdFor(userId),
    );
    expect(more).toEqual([]);
    expect(record.value).toEqual({
      type: 'NotificationCreated',
      data: {
        userId,
        notification: {
          id: row.id,
          kind: row.kind,
          title: row.title,
          body: row.body,
          createdAt: expect.any(String),
        },
      },
    });
    expect(record.headers['type']).toBe('NotificationCreated');
    expect(record.headers['message-id']).toMatch(/^[0-9a-f-]{36}$/);
  }

  it('tells the buyer an order completed, once, and announces it on notification.events', async () => {
    const buyerId = uniqueId('buyer');
    const orderId = randomUUID();
    const data = {
      orderId,
      buyerId,
      sellerId: uniqueId('seller'),
      sku: 'lamp-1',
      quantity: 1,
      amount: '2500',
    };
    const messageId = await publish(Topics.orderEvents, orderId, 'OrderCompleted', data);
    const [row] = await waitForNotifications(buyerId);
    expect(row).toMatchObject({
      kind: 'order.completed',
      title: 'Order completed',
      source_message_id: messageId,
    });
    expect(row.body).toContain('25.00 USD');
    await expectAnnounced(buyerId, row);

    // The same event redelivered twice (same message-id): no second notification, no second announcement.
    await publish(Topics.orderEvents, orderId, 'OrderCompleted', data, messageId);
    await publish(Topics.orderEvents, orderId, 'OrderCompleted', data, messageId);
    // A later event on the same key (same partition, in order) proves the duplicates were consumed.
    await publish(Topics.orderEvents, orderId, 'OrderCancelled', {
      ...data,
      reason: 'late probe',
      code: 'TEST.PROBE',
    });
    await waitForNotifications(buyerId, 2);
    await sleep(1500);
    const rows = await notificationsOf(buyerId);
    expect(rows.map((r) => r.kind)).toEqual(['order.completed', 'order.cancelled']);
    expect(createdFor(buyerId)).toHaveLength(2);
  });

  it('tells the buyer an order was cancelled, with the reason', async () => {
    const buyerId = uniqueId('buyer');
    const orderId = randomUUID();
    await publish(Topics.orderEvents, orderId, 'OrderCancelled', {
      orderId,
      buyerId,
      sellerId: uniqueId('seller'),
      amount: '1000',
      reason: 'no stock for sku lamp-2',
      code: 'WAREHOUSE.OUT_OF_STOCK',
    });
    const [row] = await waitForNotifications(buyerId);
    expect(row).toMatchObject({ kind: 'order.cancelled', title: 'Order cancelled' });
    expect(row.body).toContain('no stock for sku lamp-2');
    await expectAnnounced(buyerId, row);
  });

  it('learns admins from user.events and tells each of them, nobody else, of a failed compensation', async () => {
    const admins = [uniqueId('admin'), uniqueId('admin')];
    const buyer = uniqueId('buyer');
    for (const [userId, roles] of [
      [admins[0], ['admin']],
      [admins[1], ['buyer', 'admin']],
      [buyer, ['buyer']],
    ] as const) {
      await publish(Topics.userEvents, userId, 'UserRegistered', {
        userId,
        email: `${userId}@gavel.test`,
        displayName: userId,
        roles,
      });
    }
    await waitFor('the admins to be known', async () => {
      const r = await db('notification').query('SELECT user_id FROM admins WHERE user_id = ANY($1)', [
        [...admins, buyer],
      ]);
      return r.rows.length >= 2 && r.rows;
    });
    const sagaId = randomUUID();
    await publish(Topics.orderEvents, sagaId, 'SagaCompensationFailed', {
      sagaId,
      sagaType: 'Order',
      step: 'charge',
      reason: 'payment.refund kept failing',
      orderId: sagaId,
      buyerId: buyer,
    });
    for (const admin of admins) {
      const rows = await waitForNotifications(admin);
      expect(rows).toHaveLength(1);
      expect(rows[0].kind).toBe('ops.compensation_failed');
      expect(rows[0].body).toContain(sagaId);
      await expectAnnounced(admin, rows[0]);
    }
    const known = await db('notification').query('SELECT user_id FROM admins WHERE user_id = $1', [buyer]);
    expect(known.rows).toEqual([]);
    expect(await notificationsOf(buyer)).toEqual([]);
  });

  it('tells an outbid bidder the new price', async () => {
    const userId = uniqueId('bidder');
    const lotId = randomUUID();
    await publish(Topics.lotEvents, lotId, 'Outbid', {
      lotId,
      userId,
      previousAmount: '1000',
      newAmount: '1250',
    });
    const [row] = await waitForNotifications(userId);
    expect(row).toMatchObject({ kind: 'auction.outbid', title: 'You were outbid' });
    expect(row.body).toContain('12.50 USD');
    await expectAnnounced(userId, row);
  });

  it('tells the winner and the seller of a sold lot, and the seller why a lot did not sell', async () => {
    const [sellerId, winnerId, otherSeller] = [uniqueId('seller'), uniqueId('winner'), uniqueId('seller')];
    const sold = randomUUID();
    const unsold = randomUUID();
    const closedAt = new Date().toISOString();
    await publish(Topics.lotEvents, sold, 'AuctionClosed', {
      lotId: sold,
      sellerId,
      sku: 'vase',
      title: 'Blue vase',
      outcome: 'SOLD',
      winnerId,
      amount: '7500',
      holdId: randomUUID(),
      closedAt,
      buyNow: false,
    });
    await publish(Topics.lotEvents, unsold, 'AuctionClosed', {
      lotId: unsold,
      sellerId: otherSeller,
      sku: 'chair',
      title: 'Old chair',
      outcome: 'UNSOLD',
      reason: 'RESERVE_NOT_MET',
      closedAt,
      buyNow: false,
    });
    const [won] = await waitForNotifications(winnerId);
    expect(won).toMatchObject({ kind: 'auction.won', title: 'You won' });
    expect(won.body).toContain('75.00 USD');
    const [soldRow] = await waitForNotifications(sellerId);
    expect(soldRow).toMatchObject({ kind: 'auction.sold', title: 'Sold' });
    expect(won.source_message_id).toBe(soldRow.source_message_id);
    const [unsoldRow] = await waitForNotifications(otherSeller);
    expect(unsoldRow).toMatchObject({ kind: 'auction.unsold', title: 'Auction closed without sale' });
    expect(unsoldRow.body).toContain('the reserve price was not met');
    await Promise.all([
      expectAnnounced(winnerId, won),
      expectAnnounced(sellerId, soldRow),
      expectAnnounced(otherSeller, unsoldRow),
    ]);
  });

  it('dead-letters a sale that names no winner', async () => {
    const sellerId = uniqueId('seller');
    const lotId = randomUUID();
    const messageId = await publish(Topics.lotEvents, lotId, 'AuctionClosed', {
      lotId,
      sellerId,
      sku: 'x',
      title: 'X',
      outcome: 'SOLD',
      closedAt: new Date().toISOString(),
      buyNow: false,
    });
    const [dead] = await waitFor('the dead letter', async () => {
      const mine = lotDlqTap.byKey(lotId).filter((r) => r.headers['dlq-consumer'] === CONSUMER);
      return mine.length > 0 && mine;
    });
    expect(dead.headers['message-id']).toBe(messageId);
    expect(dead.headers['dlq-reason']).toMatch(/^INVALID_PAYLOAD/);
    expect(await notificationsOf(sellerId)).toEqual([]);
  });

  it('still tells a user about a deposit', async () => {
    const userId = uniqueId('depositor');
    await publish(Topics.walletEvents, userId, 'FundsDeposited', {
      depositId: randomUUID(),
      userId,
      amount: '1234',
      currency: 'USD',
      balance: '1234',
    });
    const [row] = await waitForNotifications(userId);
    expect(row).toMatchObject({ kind: 'deposit.credited', title: 'Deposit credited' });
  });

  it('tells a user about a deposit from the chain, with its transaction and rate', async () => {
    const userId = uniqueId('chain-depositor');
    const txHash = `0x${'ab'.repeat(32)}`;
    await publish(Topics.walletEvents, userId, 'DepositCredited', {
      depositId: randomUUID(),
      userId,
      chainId: 1337,
      txHash,
      blockNumber: 42,
      from: `0x${'1'.repeat(40)}`,
      to: `0x${'2'.repeat(40)}`,
      valueWei: '500000000000000000',
      weiPerMinorUnit: '10000000000000',
      amount: '50000',
      currency: 'USD',
      balance: '50000',
    });
    const [row] = await waitForNotifications(userId);
    expect(row).toMatchObject({ kind: 'deposit.chain_credited', title: 'Deposit from the chain credited' });
    expect(row.body).toContain(txHash);
    expect(row.body).toContain('10000000000000 wei per minor unit');
  });

  it('marks all of a user’s notifications read with POST /notifications/read-all', async () => {
    const userId = uniqueId('reader');
    for (let i = 0; i < 3; i++) {
      await publish(Topics.lotEvents, `lot-${i}`, 'Outbid', {
        lotId: `lot-${i}`,
        userId,
        previousAmount: '100',
        newAmount: '200',
      });
    }
    await waitForNotifications(userId, 3);
    const other = uniqueId('reader');
    await publish(Topics.lotEvents, 'lot-x', 'Outbid', {
      lotId: 'lot-x',
      userId: other,
      previousAmount: '100',
      newAmount: '200',
    });
    await waitForNotifications(other);

    const http = request(service.app.getHttpServer());
    expect((await http.get('/notifications').query({ userId })).body).toMatchObject({ total: 3, unread: 3 });
    expect((await http.post('/notifications/read-all').query({ userId }).expect(200)).body).toEqual({
      marked: 3,
    });
    expect((await http.get('/notifications').query({ userId })).body).toMatchObject({ total: 3, unread: 0 });
    expect((await http.post('/notifications/read-all').query({ userId }).expect(200)).body).toEqual({
      marked: 0,
    });
    expect((await http.get('/notifications').query({ userId: other })).body).toMatchObject({ unread: 1 });
    const bad = await http.post('/notifications/read-all').query({ userId: 'no spaces!' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'REQUEST.INVALID', correlationId: expect.any(String) });
  });
});
