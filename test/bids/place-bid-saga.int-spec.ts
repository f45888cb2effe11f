import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BidSagaMessages as B, OrderSagaMessages as M, Topics } from '@app/contracts';
import {
  auctionOrderId,
  auctionHoldReleaseId,
} from '../../apps/orchestrator/src/sagas/auction-order/auction-saga-ids';
import { startInProcess } from '../support/apps';
import { closePools, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';
import {
  applyEnv,
  Command,
  COMMAND_TOPIC_PREFIX,
  ensureTopics,
  FakeParticipants,
  orchestratorTestEnv,
  skipRepliesBacklog,
} from '../orchestrator/support/fake-participants';

/**
 * PlaceBid and the auction's end in the real orchestrator (PostgreSQL, outbox → Debezium → Kafka). The
 * test plays wallet and lot: commands go to `<prefix><participant>.commands`, replies are produced on
 * orchestrator.replies, and AuctionClosed arrives on `<prefix>lot.events` (the isolated test topic).
 */
const LOT_COMMANDS = `${COMMAND_TOPIC_PREFIX}${Topics.commands('lot')}`;
const LOT_EVENTS = `${COMMAND_TOPIC_PREFIX}${Topics.lotEvents}`;

describe('PlaceBid and AuctionOrder sagas (orchestrator + PostgreSQL + Debezium + Kafka)', () => {
  let app: INestApplication;
  const participants = new FakeParticipants();
  const lotTap = new KafkaTap(LOT_COMMANDS);
  const http = () => request(app.getHttpServer());
  const address = {
    name: 'Ada Lovelace',
    line1: '12 Main St',
    city: 'Berlin',
    postcode: '10115',
    country: 'DE',
  };

  beforeAll(async () => {
    applyEnv({ ...orchestratorTestEnv, GAVEL_ORCHESTRATOR_GROUP: 'orchestrator-bids-test' });
    await skipRepliesBacklog();
    await ensureTopics([LOT_COMMANDS, LOT_EVENTS]);
    await Promise.all([participants.start(), lotTap.start()]);
    const { AppModule } = await import('../../apps/orchestrator/src/app.module');
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    if (app) await participants.abortUnfinished(app);
    await app?.close();
    await Promise.all([participants.stop(), lotTap.stop()]);
    await closePools();
  });

  const lotCommand = (sagaId: string): Promise<Command> =>
    waitFor(
      `lot command for ${sagaId}`,
      async () => {
        const r = lotTap.byKey(sagaId)[0];
        if (!r) return undefined;
        const v = (typeof r.value === 'string' ? JSON.parse(r.value) : r.value) as Omit<
          Command,
          'topic' | 'sagaId' | 'headers' | 'timestamp'
        >;
        return { ...v, topic: r.topic, sagaId, headers: r.headers, timestamp: Number(r.raw.timestamp) };
      },
      30_000,
      50,
    );

  const bidStatus = (bidId: string, status: string) =>
    waitFor(
      `bid ${bidId} ${status}`,
      async () => {
        const res = await http().get(`/bids/${bidId}`);
        return res.body.status === status && res.body;
      },
      30_000,
      100,
    );

  async function placeBid(overrides: Record<string, unknown> = {}) {
    const bid = {
      bidId: randomUUID(),
      lotId: uniqueId('lot'),
      bidderId: uniqueId('u'),
      amount: 1500,
      address,
      ...overrides,
    };
    const res = await http().post('/bids').send(bid).expect(202);
    expect(res.body).toEqual({ sagaId: bid.bidId, status: 'RUNNING' });
    return bid;
  }

  it('accepted: holds, the lot accepts, the previous leader hold is released → ACCEPTED', async () => {
    const bid = await placeBid({ maxAmount: 2000 });
    const hold = await participants.answer(bid.bidId, M.wallet.placeHold, {
      type: M.wallet.holdPlaced,
      data: { holdId: `h-${bid.bidId}` },
    });
    expect(hold.data).toEqual({ userId: bid.bidderId, amount: '2000', reference: `bid:${bid.bidId}` });
    expect((await http().get(`/bids/${bid.bidId}`).expect(200)).body.status).toBe('PENDING');

    const accept = await lotCommand(bid.bidId);
    expect(accept).toMatchObject({
      type: B.acceptBid,
      metadata: { step: 'acceptBid', sagaType: 'PlaceBid' },
    });
    expect(accept.data).toEqual({
      lotId: bid.lotId,
      bidId: bid.bidId,
      bidderId: bid.bidderId,
      amount: '1500',
      holdId: `h-${bid.bidId}`,
      maxAmount: '2000',
    });
    await participants.reply(accept, {
      type: B.bidAccepted,
      data: { lotId: bid.lotId, bidId: bid.bidId, amount: '1500', previousHoldId: 'h-old', endsAt: 'x' },
    });

    const release = await participants.answer(bid.bidId, M.wallet.releaseHold, {
      type: M.wallet.holdReleased,
    });
    expect(release.data).toEqual({ forwardCommandId: `bid:${bid.bidId}:release-previous`, holdId: 'h-old' });
    const view = await bidStatus(bid.bidId, 'ACCEPTED');
    expect(view).toMatchObject({
      bidId: bid.bidId,
      lotId: bid.lotId,
      amount: '1500',
      acceptedAmount: '1500',
    });
    expect(view.code).toBeUndefined();
  });

  it('GET /bids/:id?waitMs long-polls: answered when the lot accepts, not at the end of the wait', async () => {
    const bid = await placeBid();
    // Nothing happens within a short wait: the answer comes at its end with the current state.
    expect((await http().get(`/bids/${bid.bidId}?waitMs=300`).expect(200)).body.status).toBe('PENDING');

    const started = Date.now();
    const longPoll = http()
      .get(`/bids/${bid.bidId}?waitMs=25000`)
      .then((res) => ({ res, elapsed: Date.now() - started }));
    await participants.answer(bid.bidId, M.wallet.placeHold, {
      type: M.wallet.holdPlaced,
      data: { holdId: `h-${bid.bidId}` },
    });
    await participants.reply(await lotCommand(bid.bidId), {
      type: B.bidAccepted,
      data: { lotId: bid.lotId, bidId: bid.bidId, amount: '1500', previousHoldId: 'h-old', endsAt: 'x' },
    });
    const { res, elapsed } = await longPoll;
    // Accepted at the pivot, while the previous leader's hold is still to be released (nobody answered that yet).
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      bidId: bid.bidId,
      status: 'ACCEPTED',
      sagaStatus: 'RUNNING',
      acceptedAmount: '1500',
    });
    expect(elapsed).toBeLessThan(25_000);
    await participants.answer(bid.bidId, M.wallet.releaseHold, { type: M.wallet.holdReleased });
    expect((await http().get(`/bids/${bid.bidId}?waitMs=0`).expect(200)).body.status).toBe('ACCEPTED');
  });

  it('waitMs outside 0..30000 or not a number is a 400 with a machine-readable code', async () => {
    const bid = await placeBid();
    for (const bad of ['-1', '30001', 'soon']) {
      const res = await http().get(`/bids/${bid.bidId}?waitMs=${bad}`).expect(400);
      expect(res.body.code).toBe('REQUEST.INVALID');
    }
  });

  it('the lot refuses (outbid meanwhile): this bid hold is released → REJECTED LOT.BID_TOO_LOW', async () => {
    const bid = await placeBid();
    const hold = await participants.answer(bid.bidId, M.wallet.placeHold, {
      type: M.wallet.holdPlaced,
      data: { holdId: `h-${bid.bidId}` },
    });
    await participants.reply(await lotCommand(bid.bidId), {
      type: B.bidRejected,
      outcome: 'failure',
      code: 'LOT.BID_TOO_LOW',
      reason: 'minimum is 1600',
    });
    const release = await participants.answer(bid.bidId, M.wallet.releaseHold, {
      type: M.wallet.holdReleased,
    });
    expect(release.metadata.phase).toBe('compensation');
    expect(release.data).toEqual({ forwardCommandId: hold.metadata.commandId, holdId: `h-${bid.bidId}` });
    expect(await bidStatus(bid.bidId, 'REJECTED')).toMatchObject({
      code: 'LOT.BID_TOO_LOW',
      reason: 'minimum is 1600',
    });
  });

  it('insufficient funds: REJECTED WALLET.INSUFFICIENT_FUNDS and the lot never hears of it', async () => {
    const bid = await placeBid();
    await participants.answer(bid.bidId, M.wallet.placeHold, {
      type: M.wallet.holdRejected,
      outcome: 'failure',
      code: 'WALLET.INSUFFICIENT_FUNDS',
      reason: 'balance 0',
    });
    expect(await bidStatus(bid.bidId, 'REJECTED')).toMatchObject({ code: 'WALLET.INSUFFICIENT_FUNDS' });
    expect(lotTap.byKey(bid.bidId)).toEqual([]);
  });

  it('POST /bids is idempotent on bidId; other data is 409; unknown bids are 404', async () => {
    const bid = await placeBid();
    expect((await http().post('/bids').send(bid).expect(200)).body).toEqual({
      sagaId: bid.bidId,
      status: 'RUNNING',
    });
    expect(
      (
        await http()
          .post('/bids')
          .send({ ...bid, amount: 9 })
          .expect(409)
      ).body.code,
    ).toBe('BID.ALREADY_EXISTS');
    expect((await http().get(`/bids/${randomUUID()}`).expect(404)).body.code).toBe('BID.NOT_FOUND');
    await http()
      .post('/bids')
      .send({ ...bid, bidId: randomUUID(), amount: 0 })
      .expect(400);
  });

  it('AuctionClosed SOLD starts one AuctionOrder (address from the winning bid) → COMPLETED via GET /orders', async () => {
    const bid = await placeBid();
    const holdId = randomUUID();
    await participants.answer(bid.bidId, M.wallet.placeHold, { type: M.wallet.holdPlaced, data: { holdId } });
    await participants.reply(await lotCommand(bid.bidId), {
      type: B.bidAccepted,
      data: { lotId: bid.lotId, bidId: bid.bidId, amount: '1500', endsAt: 'x' },
    });
    await participants.answer(bid.bidId, M.wallet.releaseHold, { type: M.wallet.holdReleased });
    await bidStatus(bid.bidId, 'ACCEPTED');

    const closed = {
      type: 'AuctionClosed',
      data: {
        lotId: bid.lotId,
        sellerId: 'seller-1',
        sku: 'SKU-9',
        title: 't',
        outcome: 'SOLD',
        winnerId: bid.bidderId,
        amount: '1500',
        holdId,
        closedAt: 'x',
        buyNow: false,
      },
    };
    // Delivered twice with different message ids: still one order.
    for (let i = 0; i < 2; i++)
      await produceRaw(LOT_EVENTS, [
        { key: bid.lotId, value: JSON.stringify(closed), headers: { 'message-id': randomUUID() } },
      ]);
    const orderId = auctionOrderId(bid.lotId);
    const confirm = await participants.answer(orderId, M.wallet.confirmHold, {
      type: M.wallet.holdConfirmed,
    });
    expect(confirm.data).toEqual({
      holdId,
      userId: bid.bidderId,
      amount: '1500',
      reference: `order:${orderId}`,
    });
    expect(confirm.metadata).toMatchObject({ sagaType: 'AuctionOrder', step: 'adoptHold' });
    const charge = await participants.answer(orderId, M.payment.charge, {
      type: M.payment.charged,
      data: { paymentId: 'p-1' },
    });
    expect(charge.data).toEqual({
      orderId,
      buyerId: bid.bidderId,
      sellerId: 'seller-1',
      holdId,
      amount: '1500',
    });
    expect(
      (
        await participants.answer(orderId, M.warehouse.reserve, {
          type: M.warehouse.reserved,
          data: { reservationId: 'r-1' },
        })
      ).data,
    ).toEqual({ orderId, sku: 'SKU-9', quantity: 1 });
    expect(
      (
        await participants.answer(orderId, M.delivery.book, {
          type: M.delivery.booked,
          data: { bookingId: 'b-1', slotId: 's' },
        })
      ).data,
    ).toEqual({ orderId, address });
    await participants.answer(orderId, M.wallet.captureHold, { type: M.wallet.holdCaptured });
    const payout = await participants.answer(orderId, M.wallet.releaseEscrowToSeller, {
      type: M.wallet.escrowReleased,
      data: { holdId, sellerId: 'seller-1', amount: '1500', feeBps: 500, fee: '75', payout: '1425' },
    });
    expect(payout.data).toMatchObject({ holdId, sellerId: 'seller-1', reference: `order:${orderId}` });

    const order = await waitFor(
      'auction order COMPLETED',
      async () => {
        const res = await http().get(`/orders/${orderId}`);
        return res.body.status === 'COMPLETED' && res.body;
      },
      30_000,
      100,
    );
    expect(order).toMatchObject({
      orderId,
      buyerId: bid.bidderId,
      sellerId: 'seller-1',
      amount: '1500',
      paymentId: 'p-1',
      bookingId: 'b-1',
      fee: '75',
      payout: '1425',
    });
    expect(participants.types(orderId).filter((t) => t === M.wallet.confirmHold)).toHaveLength(1);
    // The same order found by its lot, and the saga's shape from its definition.
    expect((await http().get(`/lots/${bid.lotId}/order`).expect(200)).body).toEqual(order);
    await http()
      .get(`/lots/${uniqueId('lot')}/order`)
      .expect(404);
    await http().get('/lots/not%20a%20lot/order').expect(400);
    const saga = (await http().get(`/sagas/${orderId}`).expect(200)).body;
    expect(saga.shape).toEqual({
      version: 2,
      steps: [
        { name: 'adoptHold', participant: 'wallet', compensation: 'wallet' },
        { name: 'charge', participant: 'payment', compensation: 'payment' },
        { name: 'reserveStock', participant: 'warehouse', compensation: 'warehouse' },
        { name: 'bookDelivery', participant: 'delivery', compensation: 'delivery' },
        { name: 'captureFunds', participant: 'wallet', compensation: 'wallet' },
        { name: 'payoutSeller', participant: 'wallet', compensation: 'wallet' },
      ],
    });
  });

  it('AuctionClosed UNSOLD with a leading hold releases it through a saga', async () => {
    const lotId = uniqueId('lot');
    const holdId = randomUUID();
    const closed = {
      type: 'AuctionClosed',
      data: {
        lotId,
        sellerId: 's',
        sku: 'k',
        title: 't',
        outcome: 'UNSOLD',
        reason: 'RESERVE_NOT_MET',
        winnerId: 'u-1',
        amount: '900',
        holdId,
        closedAt: 'x',
        buyNow: false,
      },
    };
    await produceRaw(LOT_EVENTS, [
      { key: lotId, value: JSON.stringify(closed), headers: { 'message-id': randomUUID() } },
    ]);
    const sagaId = auctionHoldReleaseId(lotId);
    // The lot events consumer may still be joining its group right after boot: allow for a rebalance.
    const release = await participants.command(sagaId, M.wallet.releaseHold, 1, 90_000);
    await participants.reply(release, { type: M.wallet.holdReleased });
    expect(release.data).toEqual({ forwardCommandId: `lot:${lotId}:unsold`, holdId });
    await waitFor(
      'release saga COMPLETED',
      async () => (await http().get(`/sagas/${sagaId}`)).body.status === 'COMPLETED',
      30_000,
      100,
    );
  });

  it('load shedding: past GAVEL_BID_MAX_IN_FLIGHT running bids a new one is 429 BID.OVERLOADED with Retry-After; a repeat is still answered', async () => {
    const pending = await placeBid(); // left undecided: it counts as in flight
    const before = process.env.GAVEL_BID_MAX_IN_FLIGHT;
    process.env.GAVEL_BID_MAX_IN_FLIGHT = '1';
    try {
      await new Promise((r) => setTimeout(r, 150)); // past the cached count
      const bid = {
        bidId: randomUUID(),
        lotId: uniqueId('lot'),
        bidderId: uniqueId('u'),
        amount: 1500,
        address,
      };
      const refused = await http().post('/bids').send(bid).expect(429);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body).toMatchObject({
        code: 'BID.OVERLOADED',
        details: { retryAfterSeconds: 1, max: 1 },
      });
      expect(refused.body.details.inFlight).toBeGreaterThanOrEqual(1);
      // Nothing was started for the refused bid; the bid already in flight is answered as before.
      await http().get(`/bids/${bid.bidId}`).expect(404);
      expect((await http().post('/bids').send(pending).expect(200)).body).toMatchObject({
        sagaId: pending.bidId,
      });
    } finally {
      if (before === undefined) delete process.env.GAVEL_BID_MAX_IN_FLIGHT;
      else process.env.GAVEL_BID_MAX_IN_FLIGHT = before;
    }
  });
});
