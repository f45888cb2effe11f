import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { BidAcceptedData, BidRejectedData, SagaReply, Topics } from '@app/contracts';
import { AppModule } from '../../apps/lot/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, db, sleep, uniqueId } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import { createLot, inSeconds, lotEvent, lotEvents, replyTo, sendBids } from './support';

/**
 * `lot.acceptBid` driven through Kafka exactly as the orchestrator drives it; replies read from
 * `orchestrator.replies` and events from `lot.events` after the outbox, Debezium and Kafka.
 */
describe('lot participant: lot.acceptBid', () => {
  let app: INestApplication;
  const replies = new KafkaTap(Topics.orchestratorReplies);
  const events = new KafkaTap(Topics.lotEvents);
  const getLot = async (id: string) =>
    (await request(app.getHttpServer()).get(`/lots/${id}`).expect(200)).body;

  beforeAll(async () => {
    await Promise.all([replies.start(), events.start()]);
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([replies.stop(), events.stop()]);
    await closePools();
  });

  it('accepts a first bid at the start price, rejects one too low and one on the own lot', async () => {
    const sellerId = uniqueId('seller');
    const lot = await createLot(app, {}, sellerId);
    const alice = uniqueId('alice');
    const [first] = await sendBids([{ lotId: lot.id, bidderId: alice, amount: '1000' }]);
    const accepted = await replyTo(replies, first.metadata.commandId);
    expect(accepted).toMatchObject({
      type: 'lot.bidAccepted',
      data: { lotId: lot.id, bidId: first.data.bidId, amount: '1000', endsAt: lot.endsAt },
      metadata: { outcome: 'success', sagaId: first.metadata.sagaId, step: 'acceptBid' },
    });
    expect((accepted.data as BidAcceptedData).previousHoldId).toBeUndefined();

    const [low, own] = await sendBids([
      { lotId: lot.id, bidderId: uniqueId('bob'), amount: '1099' },
      { lotId: lot.id, bidderId: sellerId, amount: '5000' },
    ]);
    expect(await replyTo(replies, low.metadata.commandId)).toMatchObject({
      type: 'lot.bidRejected',
      data: { lotId: lot.id, bidId: low.data.bidId, currentPrice: '1000', minimumNextBid: '1100' },
      metadata: { outcome: 'failure', code: 'LOT.BID_TOO_LOW' },
    });
    expect(await replyTo(replies, own.metadata.commandId)).toMatchObject({
      type: 'lot.bidRejected',
      metadata: { code: 'LOT.OWN_LOT' },
    });
    const [ghost] = await sendBids([
      { lotId: '00000000-0000-4000-8000-000000000000', bidderId: alice, amount: '1' },
    ]);
    expect(await replyTo(replies, ghost.metadata.commandId)).toMatchObject({
      metadata: { code: 'LOT.NOT_FOUND' },
    });

    expect(await getLot(lot.id)).toMatchObject({
      currentPrice: '1000',
      leaderId: alice,
      bidCount: 1,
      minimumNextBid: '1100',
    });
    const placed = await lotEvent(events, lot.id, 'BidPlaced');
    expect(placed.data).toMatchObject({
      bidId: first.data.bidId,
      bidderId: alice,
      amount: '1000',
      minimumNextBid: '1100',
      bidCount: 1,
      proxy: false,
    });
  });

  it('50 concurrent bids: the highest leads and the accepted replies form exactly the chain of replaced holds', async () => {
    const lot = await createLot(app, { increment: { kind: 'absolute', value: '1' } });
    const amounts = Array.from({ length: 50 }, (_, i) => 1000 + i * 7).sort(() => Math.random() - 0.5);
    const sent = await sendBids(
      amounts.map((a, i) => ({
        lotId: lot.id,
        bidderId: `bidder-${i}-${lot.id.slice(0, 8)}`,
        amount: String(a),
      })),
    );
    const answered = await Promise.all(
      sent.map(async (s) => ({ sent: s, reply: await replyTo(replies, s.metadata.commandId) })),
    );
    const accepted = answered
      .filter((a) => a.reply.metadata.outcome === 'success')
      .map((a) => ({ ...a, data: a.reply.data as BidAcceptedData }))
      .sort((x, y) => Number(x.data.amount) - Number(y.data.amount));
    const rejected = answered.filter((a) => a.reply.metadata.outcome === 'failure');
    for (const r of rejected) expect(r.reply.metadata.code).toBe('LOT.BID_TOO_LOW');
    expect(accepted.length + rejected.length).toBe(50);
    // Each accepted bid replaced exactly the previously accepted one.
    accepted.forEach((a, i) => {
      expect(a.data.amount).toBe(a.sent.data.amount);
      if (i === 0) expect(a.data.previousHoldId).toBeUndefined();
      else {
        expect(a.data.previousHoldId).toBe(accepted[i - 1].sent.data.holdId);
        expect(a.data.previousLeaderId).toBe(accepted[i - 1].sent.data.bidderId);
      }
    });
    const top = accepted[accepted.length - 1];
    expect(top.data.amount).toBe(String(Math.max(...amounts)));
    expect(await getLot(lot.id)).toMatchObject({
      currentPrice: top.data.amount,
      leaderId: top.sent.data.bidderId,
      bidCount: accepted.length,
    });
    const { rows } = await db('lot').query(`SELECT amount FROM bids WHERE lot_id = $1 ORDER BY placed_at`, [
      lot.id,
    ]);
    expect(rows.map((r: { amount: string }) => r.amount)).toEqual(accepted.map((a) => a.data.amount));
  });

  it('a bid inside the soft-close window extends the end once per bid', async () => {
    const lot = await createLot(app, { endsAt: inSeconds(5), softCloseWindowS: 10, softCloseExtensionS: 10 });
    const [b1] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('a'), amount: '1000' }]);
    const r1 = (await replyTo(replies, b1.metadata.commandId)).data as BidAcceptedData;
    expect(Date.parse(r1.endsAt)).toBeGreaterThan(Date.parse(lot.endsAt as string));
    await sleep(1200);
    const [b2] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('b'), amount: '1100' }]);
    const r2 = (await replyTo(replies, b2.metadata.commandId)).data as BidAcceptedData;
    expect(Date.parse(r2.endsAt)).toBeGreaterThan(Date.parse(r1.endsAt));
    await lotEvent(events, lot.id, 'BidPlaced');
    await sleep(1500);
    const extended = lotEvents(events, lot.id, 'AuctionExtended').map((e) => e.data);
    expect(extended).toEqual([
      { lotId: lot.id, previousEndsAt: lot.endsAt, endsAt: r1.endsAt, byBidId: b1.data.bidId },
      { lotId: lot.id, previousEndsAt: r1.endsAt, endsAt: r2.endsAt, byBidId: b2.data.bidId },
    ]);
    expect((await getLot(lot.id)).endsAt).toBe(r2.endsAt);
  });

  it('a bid at the buy-now price closes the lot SOLD at once; later bids are LOT.CLOSED', async () => {
    const lot = await createLot(app, { buyNowPrice: '5000' });
    const [lead] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('a'), amount: '1000' }]);
    await replyTo(replies, lead.metadata.commandId);
    const buyer = uniqueId('buyer');
    const [buy] = await sendBids([{ lotId: lot.id, bidderId: buyer, amount: '5000' }]);
    expect(await replyTo(replies, buy.metadata.commandId)).toMatchObject({
      type: 'lot.bidAccepted',
      data: { amount: '5000', previousHoldId: lead.data.holdId, previousLeaderId: lead.data.bidderId },
    });
    const closed = await lotEvent(events, lot.id, 'AuctionClosed');
    expect(closed.data).toMatchObject({
      lotId: lot.id,
      outcome: 'SOLD',
      winnerId: buyer,
      amount: '5000',
      holdId: buy.data.holdId,
      buyNow: true,
    });
    expect(await getLot(lot.id)).toMatchObject({ status: 'CLOSED', outcome: 'SOLD', winnerId: buyer });
    const [late] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('c'), amount: '9000' }]);
    expect(await replyTo(replies, late.metadata.commandId)).toMatchObject({
      metadata: { code: 'LOT.CLOSED' },
    });
  });

  it('proxy bidding: the leader maximum counter-bids a lower challenger, who is rejected as too low', async () => {
    const lot = await createLot(app);
    const alice = uniqueId('alice');
    const [a] = await sendBids([{ lotId: lot.id, bidderId: alice, amount: '1000', maxAmount: '3000' }]);
    await replyTo(replies, a.metadata.commandId);
    const [b] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('bob'), amount: '2000' }]);
    const r = await replyTo(replies, b.metadata.commandId);
    expect(r).toMatchObject({ type: 'lot.bidRejected', metadata: { code: 'LOT.BID_TOO_LOW' } });
    expect(r.data as BidRejectedData).toMatchObject({ currentPrice: '2100', minimumNextBid: '2200' });
    expect(await getLot(lot.id)).toMatchObject({ currentPrice: '2100', leaderId: alice, bidCount: 2 });
    const [c] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('carol'), amount: '3500' }]);
    expect((await replyTo(replies, c.metadata.commandId)) as SagaReply).toMatchObject({
      type: 'lot.bidAccepted',
      data: { amount: '3500', previousHoldId: a.data.holdId, previousLeaderId: alice },
    });
  });
});
