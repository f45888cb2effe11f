import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { OrderSagaMessages as M, Topics } from '@app/contracts';
import { startInProcess } from '../support/apps';
import { closePools, db, sleep, waitFor } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import {
  applyEnv,
  Command,
  ensureTopics,
  FakeParticipants,
  newOrder,
  orchestratorTestEnv,
  skipRepliesBacklog,
} from './support/fake-participants';

/**
 * The Order saga end to end: HTTP → saga store → outbox → Debezium → Kafka command topics; the test
 * plays the participants and answers on orchestrator.replies; order events come back through Debezium.
 */
describe('Order saga (orchestrator + PostgreSQL + Debezium + Kafka)', () => {
  let app: INestApplication;
  const participants = new FakeParticipants();
  const orderEvents = new KafkaTap(Topics.orderEvents);

  beforeAll(async () => {
    // A business deadline for the Order's steps (by default they have none): two 4 s attempts fit in 8 s.
    // Orders state the platform's fee rate when they start.
    applyEnv({ ...orchestratorTestEnv, GAVEL_ORDER_STEP_DEADLINE_MS: '8000', GAVEL_PLATFORM_FEE_BPS: '500' });
    await skipRepliesBacklog();
    await ensureTopics([Topics.orderEvents]);
    await Promise.all([participants.start(), orderEvents.start()]);
    const { AppModule } = await import('../../apps/orchestrator/src/app.module');
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    if (app) await participants.abortUnfinished(app);
    await app?.close();
    await Promise.all([participants.stop(), orderEvents.stop()]);
    await closePools();
  });

  const http = () => request(app.getHttpServer());

  async function start(order = newOrder()): Promise<ReturnType<typeof newOrder>> {
    const res = await http()
      .post('/orders')
      .set('x-correlation-id', `corr-${order.orderId}`)
      .send(order)
      .expect(202);
    expect(res.body).toEqual({ sagaId: order.orderId, status: 'RUNNING' });
    return order;
  }

  const sagaStatus = (id: string, status: string, timeoutMs = 30_000) =>
    waitFor(
      `saga ${id} ${status}`,
      async () => {
        const res = await http().get(`/sagas/${id}`);
        return res.body.status === status && res.body;
      },
      timeoutMs,
      100,
    );

  async function eventTypes(sagaId: string): Promise<string[]> {
    const r = await db('orchestrator').query('SELECT type FROM saga_events WHERE saga_id = $1 ORDER BY seq', [
      sagaId,
    ]);
    return r.rows.map((row: { type: string }) => row.type);
  }

  async function runForwardUntil(orderId: string, last: 'charge' | 'reserveStock'): Promise<Command[]> {
    const hold = await participants.answer(orderId, M.wallet.placeHold, {
      type: M.wallet.holdPlaced,
      data: { holdId: `hold-${orderId}` },
    });
    const charge = await participants.answer(orderId, M.payment.charge, {
      type: M.payment.charged,
      data: { paymentId: `pay-${orderId}` },
    });
    return last === 'charge'
      ? [hold, charge]
      : [hold, charge, await participants.command(orderId, M.warehouse.reserve)];
  }

  it('happy path: five steps in order, the seller paid last with the capture, COMPLETED, OrderCompleted published', async () => {
    const order = await start();
    const id = order.orderId;
    const hold = await participants.answer(id, M.wallet.placeHold, {
      type: M.wallet.holdPlaced,
      data: { holdId: 'h-1' },
    });
    expect(hold.data).toEqual({ userId: order.buyerId, amount: '12345', reference: `order:${id}` });
    expect(hold.metadata).toMatchObject({
      sagaId: id,
      sagaType: 'Order',
      step: 'reserveFunds',
      phase: 'forward',
      attempt: 1,
    });
    expect(hold.headers['correlation-id']).toBe(`corr-${id}`);
    expect(hold.headers['saga-id']).toBe(id);

    const charge = await participants.answer(id, M.payment.charge, {
      type: M.payment.charged,
      data: { paymentId: 'p-1' },
    });
    expect(charge.data).toEqual({
      orderId: id,
      buyerId: order.buyerId,
      sellerId: order.sellerId,
      holdId: 'h-1',
      amount: '12345',
    });
    const reserve = await participants.answer(id, M.warehouse.reserve, {
      type: M.warehouse.reserved,
      data: { reservationId: 'r-1' },
    });
    expect(reserve.data).toEqual({ orderId: id, sku: 'SKU-1', quantity: 2 });
    const book = await participants.answer(id, M.delivery.book, {
      type: M.delivery.booked,
      data: { bookingId: 'b-1', slotId: 's-1' },
    });
    expect(book.data).toEqual({ orderId: id, address: order.address });
    const payout = await participants.answer(id, M.wallet.settleOrder, {
      type: M.wallet.orderSettled,
      data: {
        holdId: 'h-1',
        sellerId: order.sellerId,
        amount: '12345',
        feeBps: 500,
        fee: '617',
        payout: '11728',
      },
    });
    // The rate the order states: GAVEL_PLATFORM_FEE_BPS when it started.
    expect(payout.data).toEqual({
      holdId: 'h-1',
      sellerId: order.sellerId,
      reference: `order:${id}`,
      feeBps: 500,
    });
    expect(payout.metadata).toMatchObject({ step: 'settle', phase: 'forward' });

    const saga = await sagaStatus(id, 'COMPLETED');
    expect(saga.version).toBe(3);
    expect(participants.types(id)).toEqual([
      M.wallet.placeHold,
      M.payment.charge,
      M.warehouse.reserve,
      M.delivery.book,
      M.wallet.settleOrder,
    ]);
    expect(new Set(participants.commands(id).map((c) => c.headers['message-id'])).size).toBe(5);
    expect(saga.data).toMatchObject({
      holdId: 'h-1',
      paymentId: 'p-1',
      reservationId: 'r-1',
      bookingId: 'b-1',
      feeBps: 500,
      fee: '617',
      payout: '11728',
    });
    expect(saga.events.map((e: { seq: number }) => e.seq)).toEqual(
      saga.events.map((_: unknown, i: number) => i + 1),
    );
    expect(saga.events[saga.events.length - 1].type).toBe('SagaCompleted');

    const view = await http().get(`/orders/${id}`).expect(200);
    expect(view.body).toMatchObject({
      orderId: id,
      status: 'COMPLETED',
      buyerId: order.buyerId,
      amount: '12345',
      bookingId: 'b-1',
      feeBps: 500,
      fee: '617',
      payout: '11728',
      reason: null,
      code: null,
    });
    const [completed] = await waitFor(
      'OrderCompleted',
      async () => orderEvents.byKey(id).length > 0 && orderEvents.byKey(id),
    );
    expect(completed.value).toEqual({
      type: 'OrderCompleted',
      data: {
        orderId: id,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        sku: 'SKU-1',
        quantity: 2,
        amount: '12345',
        paymentId: 'p-1',
        reservationId: 'r-1',
        bookingId: 'b-1',
      },
    });
    const timers = await db('orchestrator').query(
      'SELECT count(*)::int AS n FROM saga_timers WHERE saga_id = $1',
      [id],
    );
    expect(timers.rows[0].n).toBe(0);
  });

  it('out of stock at reserveStock: refund, then release the hold, CANCELLED with the reason', async () => {
    const order = await start();
    const id = order.orderId;
    const [hold, charge, reserve] = await runForwardUntil(id, 'reserveStock');
    // A long poll opened while the saga runs answers when it ends (CANCELLED), well before its wait.
    const started = Date.now();
    const longPoll = http()
      .get(`/orders/${id}?waitMs=25000`)
      .then((res) => ({ res, elapsed: Date.now() - started }));
    await participants.reply(reserve, {
      type: M.warehouse.rejected,
      outcome: 'failure',
      code: 'WAREHOUSE.OUT_OF_STOCK',
      reason: 'no stock for SKU-1',
    });

    const refund = await participants.answer(id, M.payment.refund, { type: M.payment.refunded });
    expect(refund.data).toEqual({ orderId: id, forwardCommandId: charge.metadata.commandId });
    expect(refund.metadata).toMatchObject({ phase: 'compensation', step: 'charge' });
    const release = await participants.answer(id, M.wallet.releaseHold, { type: M.wallet.holdReleased });
    expect(release.data).toEqual({ forwardCommandId: hold.metadata.commandId, holdId: `hold-${id}` });

    await sagaStatus(id, 'COMPENSATED');
    const polled = await longPoll;
    expect(polled.res.body).toMatchObject({
      orderId: id,
      status: 'CANCELLED',
      code: 'WAREHOUSE.OUT_OF_STOCK',
    });
    expect(polled.elapsed).toBeLessThan(25_000);
    expect(participants.types(id)).toEqual([
      M.wallet.placeHold,
      M.payment.charge,
      M.warehouse.reserve,
      M.payment.refund,
      M.wallet.releaseHold,
    ]);
    const view = await http().get(`/orders/${id}`).expect(200);
    expect(view.body).toMatchObject({
      status: 'CANCELLED',
      code: 'WAREHOUSE.OUT_OF_STOCK',
      reason: 'no stock for SKU-1',
    });
    const [cancelled] = await waitFor(
      'OrderCancelled',
      async () => orderEvents.byKey(id).length > 0 && orderEvents.byKey(id),
    );
    expect(cancelled.value).toEqual({
      type: 'OrderCancelled',
      data: {
        orderId: id,
        buyerId: order.buyerId,
        sellerId: order.sellerId,
        amount: '12345',
        reason: 'no stock for SKU-1',
        code: 'WAREHOUSE.OUT_OF_STOCK',
      },
    });
  });

  it('a duplicated reply (same message id, or a fresh id for the same command) changes nothing', async () => {
    const { orderId: id } = await start();
    const hold = await participants.command(id, M.wallet.placeHold);
    const messageId = await participants.reply(hold, {
      type: M.wallet.holdPlaced,
      data: { holdId: 'h-dup' },
    });
    const charge = await participants.command(id, M.payment.charge);
    const before = await eventTypes(id);

    await participants.reply(hold, { type: M.wallet.holdPlaced, data: { holdId: 'h-dup' }, messageId });
    await participants.reply(hold, { type: M.wallet.holdPlaced, data: { holdId: 'h-other' } });
    // Same key → same partition: once the charge's reply behind them moved the saga on, both were consumed.
    await participants.reply(charge, { type: M.payment.charged, data: { paymentId: 'p-dup' } });
    await participants.command(id, M.warehouse.reserve);
    expect(await eventTypes(id)).toEqual([...before, 'StepSucceeded', 'StepCommandIssued']);
    expect(participants.types(id)).toEqual([M.wallet.placeHold, M.payment.charge, M.warehouse.reserve]);
    const saga = (await http().get(`/sagas/${id}`).expect(200)).body;
    expect(saga).toMatchObject({ status: 'RUNNING', step: 'reserveStock', data: { holdId: 'h-dup' } });
    // success replies are deduplicated by the engine alone: no inbox row for them
    const inbox = await db('orchestrator').query(
      `SELECT 1 FROM processed_messages WHERE consumer = $2 AND message_id = $1`,
      [messageId, process.env.GAVEL_ORCHESTRATOR_GROUP ?? 'orchestrator'],
    );
    expect(inbox.rows).toEqual([]);
    await http()
      .post(`/sagas/${id}/abort`)
      .set('x-gavel-role', 'admin')
      .send({ by: 'test', reason: 'cleanup' })
      .expect(200);
  });

  it('no reply: retried (same commandId) until the deadline, then it and earlier steps compensate', async () => {
    const { orderId: id } = await start();
    const [hold] = await runForwardUntil(id, 'charge');
    const first = await participants.command(id, M.warehouse.reserve);
    const second = await participants.command(id, M.warehouse.reserve, 2, 20_000);
    expect(second.metadata.commandId).toBe(first.metadata.commandId);
    expect(second.metadata.attempt).toBe(2);
    expect(second.headers['message-id']).not.toBe(first.headers['message-id']);

    // The deadline passed: the in-flight reserveStock may have happened, so it is released first.
    const release = await participants.answer(id, M.warehouse.release, { type: M.warehouse.released }, 1);
    expect(release.data).toEqual({ orderId: id, forwardCommandId: first.metadata.commandId });
    await participants.answer(id, M.payment.refund, { type: M.payment.refunded });
    const releaseHold = await participants.answer(id, M.wallet.releaseHold, { type: M.wallet.holdReleased });
    expect(releaseHold.data).toMatchObject({ forwardCommandId: hold.metadata.commandId });

    const saga = await sagaStatus(id, 'COMPENSATED');
    expect(saga.failure).toEqual({
      reason: "STEP_TIMEOUT:reserveStock (no answer from warehouse before the step's deadline)",
      code: 'SAGA.STEP_TIMEOUT',
    });
    expect(saga.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'StepTimedOut',
        'StepRetryScheduled',
        'CompensationStarted',
        'SagaCompensated',
      ]),
    );
    // A late reply to the abandoned attempt is recorded (its compensation, already done, covers it); a
    // second copy of it changes nothing.
    await participants.reply(first, { type: M.warehouse.reserved, data: { reservationId: 'late' } });
    const late = await waitFor('the late reply in the history', async () => {
      const events = (await http().get(`/sagas/${id}`).expect(200)).body.events as {
        type: string;
        data: { action?: string };
      }[];
      return events.length > saga.events.length && events;
    });
    expect(late.slice(saga.events.length)).toEqual([
      expect.objectContaining({
        type: 'LateReplyRecorded',
        data: expect.objectContaining({ step: 'reserveStock', action: 'covered' }),
      }),
    ]);
    await participants.reply(first, { type: M.warehouse.reserved, data: { reservationId: 'late' } });
    await sleep(1500);
    expect((await http().get(`/sagas/${id}`).expect(200)).body.events).toHaveLength(late.length);
    expect((await http().get(`/sagas/${id}`).expect(200)).body.status).toBe('COMPENSATED');
  });

  it('concurrent POST /orders (shared start transactions): each saga once, repeats 200, conflicts 409', async () => {
    const orders = Array.from({ length: 30 }, () => newOrder());
    const repeated = orders[0];
    const conflicting = orders[1];
    const posts = [
      ...orders.map((o) => ({ body: o })),
      { body: repeated },
      { body: { ...conflicting, amount: conflicting.amount + 1 } },
    ];
    const answers = await Promise.all(posts.map((p) => http().post('/orders').send(p.body)));
    const codes = answers.map((a) => a.status);
    // all 30 distinct orders are started (one of each of the two pairs may be the one that lost the race)
    expect(codes.filter((c) => c === 202)).toHaveLength(30);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(1);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('ORDER.ALREADY_EXISTS');
    const started = await db('orchestrator').query(
      `SELECT saga_id, count(*)::int AS n FROM saga_events
       WHERE saga_id = ANY($1) AND type = 'SagaStarted' GROUP BY saga_id`,
      [orders.map((o) => o.orderId)],
    );
    expect(started.rows).toHaveLength(30);
    expect(started.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    for (const o of [repeated, conflicting, orders[29]]) {
      const first = await participants.command(o.orderId, M.wallet.placeHold);
      expect(first.data).toMatchObject({ userId: o.buyerId, amount: String(o.amount) });
    }
  });

  it('POST /orders is idempotent per orderId and validates its body', async () => {
    const order = await start();
    const again = await http().post('/orders').send(order).expect(200);
    expect(again.body).toEqual({ sagaId: order.orderId, status: 'RUNNING' });
    const different = await http()
      .post('/orders')
      .send({ ...order, amount: 1 })
      .expect(409);
    expect(different.body.code).toBe('ORDER.ALREADY_EXISTS');
    const r = await db('orchestrator').query(
      `SELECT count(*)::int AS n FROM saga_events WHERE saga_id = $1 AND type = 'SagaStarted'`,
      [order.orderId],
    );
    expect(r.rows[0].n).toBe(1);

    const invalid: [string, object][] = [
      ['a non-uuid orderId', { ...newOrder(), orderId: 'o-1' }],
      ['zero quantity', newOrder({ quantity: 0 })],
      ['a fractional amount', newOrder({ amount: 10.5 })],
      ['a string amount', newOrder({ amount: '100' })],
      ['a negative amount', newOrder({ amount: -1 })],
      ['a missing address', { ...newOrder(), address: undefined }],
      ['an incomplete address', newOrder({ address: { name: 'x', line1: 'y', city: 'z', postcode: '1' } })],
      ['an unknown field', newOrder({ admin: true })],
    ];
    for (const [name, body] of invalid) {
      const res = await http().post('/orders').send(body);
      expect({ name, status: res.status, code: res.body.code }).toEqual({
        name,
        status: 400,
        code: 'REQUEST.INVALID',
      });
    }
    const self = await http()
      .post('/orders')
      .send(newOrder({ buyerId: 'same', sellerId: 'same' }))
      .expect(422);
    expect(self.body.code).toBe('ORDER.BUYER_IS_SELLER');
    await http()
      .get(`/orders/${newOrder().orderId}`)
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('ORDER.NOT_FOUND'));
    await http()
      .get('/sagas/nope-nope')
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('SAGA.NOT_FOUND'));
    await http()
      .post(`/sagas/${order.orderId}/abort`)
      .set('x-gavel-role', 'admin')
      .send({ by: 'test' })
      .expect(200);
  });
});
