import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { AppModule } from '../../apps/lot/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, db, uniqueId, waitFor } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import { createLot, grantAllowance, inSeconds, lotEvent, lotEvents, replyTo } from './support';

/**
 * The bid desk over real HTTP, PostgreSQL, Debezium and Kafka: allowances granted by `lot.grantAllowance`
 * as the BidAllowance saga sends it, bids decided by POST /lots/:id/bids, events read from lot.events.
 */
describe('lot bid desk: one durable decision per bid, covered by allowances', () => {
  let app: INestApplication;
  const replies = new KafkaTap(Topics.orchestratorReplies);
  const events = new KafkaTap(Topics.lotEvents);
  const http = () => request(app.getHttpServer());
  const bid = (lotId: string, bidderId: string, amount: number, extra: object = {}, bidId = randomUUID()) =>
    http()
      .post(`/lots/${lotId}/bids`)
      .send({ bidId, bidderId, amount, ...extra });
  const allowanceOf = async (lotId: string, bidderId: string) =>
    (await http().get(`/lots/${lotId}/allowances/${bidderId}`).expect(200)).body;
  async function granted(lotId: string, bidderId: string, amount: string, keepWhenOutbid?: boolean) {
    const sent = await grantAllowance({
      lotId,
      bidderId,
      amount,
      ...(keepWhenOutbid ? { keepWhenOutbid } : {}),
    });
    const reply = await replyTo(replies, sent.commandId);
    expect(reply).toMatchObject({ type: 'lot.allowanceGranted', metadata: { outcome: 'success' } });
    return sent.holdId;
  }

  const previousClock = process.env.GAVEL_LOT_CLOCK_MS;

  beforeAll(async () => {
    await Promise.all([replies.start(), events.start()]);
    process.env.GAVEL_LOT_CLOCK_MS = '50'; // the auction clock closes the last test's lot
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    process.env.GAVEL_LOT_CLOCK_MS = previousClock;
    await app?.close();
    await Promise.all([replies.stop(), events.stop()]);
    await closePools();
  });

  it('decides within the allowance at once, asks for more beyond it, and gives every bid id one answer', async () => {
    const lot = await createLot(app, {});
    const alice = uniqueId('alice');
    const short = await bid(lot.id, alice, 1000).expect(402);
    expect(short.body).toMatchObject({
      code: 'LOT.ALLOWANCE_TOO_LOW',
      details: { allowance: '0', required: '1000' },
    });
    await granted(lot.id, alice, '1500');
    const bidId = randomUUID();
    const accepted = await bid(lot.id, alice, 1000, {}, bidId).expect(201);
    expect(accepted.body).toMatchObject({
      status: 'ACCEPTED',
      bidId,
      amount: '1000',
      minimumNextBid: '1100',
    });
    // Committed before the answer: the decision and the bid are in PostgreSQL.
    const rows = await db('lot').query(`SELECT status FROM bid_decisions WHERE bid_id = $1`, [bidId]);
    expect(rows.rows).toEqual([{ status: 'ACCEPTED' }]);
    // The same bid id again: the same answer, nothing placed twice.
    expect((await bid(lot.id, alice, 1000, {}, bidId).expect(201)).body).toEqual(accepted.body);
    const bob = uniqueId('bob');
    await granted(lot.id, bob, '5000');
    const lowId = randomUUID();
    const low = await bid(lot.id, bob, 1050, {}, lowId).expect(409);
    expect(low.body).toMatchObject({
      code: 'LOT.BID_TOO_LOW',
      details: { bidId: lowId, minimumNextBid: '1100' },
    });
    // A refusal is final too, even once the bid would now be high enough.
    expect((await bid(lot.id, bob, 1050, {}, lowId).expect(409)).body.code).toBe('LOT.BID_TOO_LOW');
    expect((await http().get(`/lots/${lot.id}`).expect(200)).body).toMatchObject({
      bidCount: 1,
      leaderId: alice,
    });
    // The seller cannot bid; a proxy maximum counts in full against the allowance.
    const own = await bid(lot.id, lot.sellerId, 2000).expect(422);
    expect(own.body.code).toBe('LOT.OWN_LOT');
    const tooMuch = await bid(lot.id, alice, 1200, { maxAmount: 1600 }).expect(402);
    expect(tooMuch.body.details).toMatchObject({ allowance: '1500', required: '1600' });
    expect((await bid(randomUUID(), alice, 1000).expect(404)).body.code).toBe('LOT.NOT_FOUND');
  });

  it('an outbid leader’s allowance is released unless kept; the leader cannot withdraw theirs', async () => {
    const lot = await createLot(app, {});
    const [alice, bob, carol] = [uniqueId('alice'), uniqueId('bob'), uniqueId('carol')];
    const aliceHold = await granted(lot.id, alice, '1000');
    const bobHold = await granted(lot.id, bob, '3000', true);
    await granted(lot.id, carol, '5000');
    await bid(lot.id, alice, 1000).expect(201);
    const withdraw = await http().delete(`/lots/${lot.id}/allowances/${alice}`).expect(409);
    expect(withdraw.body.code).toBe('LOT.ALLOWANCE_COVERS_LEAD');
    await bid(lot.id, bob, 1100).expect(201);
    // Alice is outbid: her allowance (not kept) is given up and AllowanceReleased names her hold.
    expect(await allowanceOf(lot.id, alice)).toMatchObject({ amount: '0', leading: false });
    const released = await waitFor('alice’s AllowanceReleased', async () =>
      lotEvents(events, lot.id, 'AllowanceReleased').find((e) => e.data.bidderId === alice),
    );
    expect(released.data).toEqual({ lotId: lot.id, bidderId: alice, holdIds: [aliceHold], reason: 'OUTBID' });
    // A released hold is never granted again.
    const again = await grantAllowance({ lotId: lot.id, bidderId: alice, amount: '1000', holdId: aliceHold });
    expect(await replyTo(replies, again.commandId)).toMatchObject({
      type: 'lot.allowanceRefused',
      metadata: { code: 'LOT.ALLOWANCE_RELEASED' },
    });
    await bid(lot.id, carol, 1200).expect(201);
    // Bob asked to keep his: outbid, it stays; he withdraws it himself.
    expect(await allowanceOf(lot.id, bob)).toMatchObject({
      amount: '3000',
      keepWhenOutbid: true,
      exposure: '0',
    });
    const withdrawn = await http().delete(`/lots/${lot.id}/allowances/${bob}`).expect(200);
    expect(withdrawn.body).toMatchObject({ amount: '0' });
    const bobReleased = await waitFor('bob’s AllowanceReleased', async () =>
      lotEvents(events, lot.id, 'AllowanceReleased').find((e) => e.data.bidderId === bob),
    );
    expect(bobReleased.data).toMatchObject({ holdIds: [bobHold], reason: 'WITHDRAWN' });
    expect(await allowanceOf(lot.id, carol)).toMatchObject({ exposure: '1200', leading: true });
  });

  it('100 concurrent bids on 4 lots: one leader per lot with the highest accepted bid, one decision per bid', async () => {
    const lots = await Promise.all([1, 2, 3, 4].map(() => createLot(app, {})));
    const bidders = Array.from({ length: 25 }, () => uniqueId('b'));
    for (const l of lots)
      for (const b of bidders) await grantAllowance({ lotId: l.id, bidderId: b, amount: '100000' });
    await waitFor('every allowance granted', async () => {
      const r = await db('lot').query(
        `SELECT count(*)::int AS n FROM allowances WHERE lot_id = ANY($1) AND amount > 0`,
        [lots.map((l) => l.id)],
      );
      return r.rows[0].n === 100;
    });
    const sent = lots.flatMap((l) =>
      bidders.map((b, i) => ({ lotId: l.id, bidderId: b, amount: 1000 + i * 100, bidId: randomUUID() })),
    );
    sent.sort(() => Math.random() - 0.5);
    const answers = await Promise.all(sent.map((s) => bid(s.lotId, s.bidderId, s.amount, {}, s.bidId)));
    expect(
      answers.every((a) => a.status === 201 || (a.status === 409 && a.body.code === 'LOT.BID_TOO_LOW')),
    ).toBe(true);
    const decisions = await db('lot').query(
      `SELECT count(*)::int AS n FROM bid_decisions WHERE bid_id = ANY($1)`,
      [sent.map((s) => s.bidId)],
    );
    expect(decisions.rows[0].n).toBe(100);
    for (const l of lots) {
      const view = (await http().get(`/lots/${l.id}`).expect(200)).body;
      const mine = sent.filter((s) => s.lotId === l.id);
      const acceptedHere = mine.filter((s) => answers[sent.indexOf(s)].status === 201);
      const top = acceptedHere.reduce((m, s) => (s.amount > m.amount ? s : m));
      expect(view).toMatchObject({
        leaderId: top.bidderId,
        currentPrice: String(top.amount),
        bidCount: acceptedHere.length,
      });
      // The highest bid overall was accepted wherever it came in the order (nothing can outbid it).
      expect(top.amount).toBe(1000 + 24 * 100);
    }
  });

  it('POST /bids/batch: each bid answered as POST /lots/:id/bids answers it, in order, one decision per bid id', async () => {
    const [lot, other] = await Promise.all([createLot(app, {}), createLot(app, {})]);
    const [alice, bob] = [uniqueId('alice'), uniqueId('bob')];
    await granted(lot.id, alice, '5000');
    await granted(lot.id, bob, '5000');
    await granted(other.id, bob, '5000');
    const ids = Array.from({ length: 7 }, () => randomUUID());
    const batch = async (bids: object[]) => {
      const res = await http().post('/bids/batch').send({ bids });
      expect(res.body).toHaveProperty('answers');
      return res;
    };
    const first = await batch([
      { lotId: lot.id, bidId: ids[0], bidderId: alice, amount: '1000' },
      { lotId: lot.id, bidId: ids[1], bidderId: bob, amount: '1050' }, // below alice's 1000 + increment
      { lotId: other.id, bidId: ids[2], bidderId: bob, amount: '1000', maxAmount: '1500' },
      { lotId: lot.id, bidId: ids[3], bidderId: bob, amount: 'ten' }, // invalid alone
      { lotId: randomUUID(), bidId: ids[4], bidderId: bob, amount: '1000' },
      { lotId: other.id, bidId: ids[5], bidderId: alice, amount: '1600' }, // above bob's maximum; no allowance
      { lotId: lot.id, bidId: ids[6], bidderId: lot.sellerId, amount: '2000' },
    ]);
    expect(first.body.answers.map((a: { status: number }) => a.status)).toEqual([
      201, 409, 201, 400, 404, 402, 422,
    ]);
    expect(first.body.answers[0].body).toMatchObject({ status: 'ACCEPTED', bidId: ids[0], amount: '1000' });
    expect(first.body.answers[1].body).toMatchObject({
      code: 'LOT.BID_TOO_LOW',
      details: { bidId: ids[1], minimumNextBid: '1100' },
    });
    expect(first.body.answers[3].body).toMatchObject({ code: 'REQUEST.INVALID' });
    expect(first.body.answers[5].body).toMatchObject({
      code: 'LOT.ALLOWANCE_TOO_LOW',
      details: { allowance: '0', required: '1600' },
    });
    // The same answers as the single call gives for those bid ids, and nothing decided twice.
    const single = await bid(lot.id, alice, 1000, {}, ids[0]).expect(201);
    expect(single.body).toEqual(first.body.answers[0].body);
    const again = await batch([{ lotId: lot.id, bidId: ids[1], bidderId: bob, amount: '1200' }]);
    expect(again.body.answers[0]).toMatchObject({ status: 409, body: { code: 'LOT.BID_TOO_LOW' } });
    const decided = await db('lot').query(
      `SELECT count(*)::int AS n FROM bid_decisions WHERE bid_id = ANY($1)`,
      [ids],
    );
    expect(decided.rows[0].n).toBe(5); // all but the invalid one (never decided) and the shortfall (not final)
    expect((await http().get(`/lots/${lot.id}`).expect(200)).body).toMatchObject({
      leaderId: alice,
      bidCount: 1,
    });
    await http().post('/bids/batch').send({ bids: [] }).expect(400);
  });

  it('at the close the winner’s holds go to the order with the address, everyone else’s are released', async () => {
    const lot = await createLot(app, { endsAt: inSeconds(4), softCloseWindowS: 0 });
    const [alice, bob] = [uniqueId('alice'), uniqueId('bob')];
    const first = await granted(lot.id, alice, '1000');
    const second = await granted(lot.id, alice, '500');
    const bobs = await granted(lot.id, bob, '1000', true);
    const address = { name: 'Ada', line1: '1 Main St', city: 'London', postcode: 'N1 1AA', country: 'GB' };
    await bid(lot.id, bob, 1000).expect(201);
    await bid(lot.id, alice, 1100, { maxAmount: 1500, address }).expect(201);
    const closed = await lotEvent(events, lot.id, 'AuctionClosed');
    expect(closed.data).toMatchObject({
      outcome: 'SOLD',
      winnerId: alice,
      amount: '1100',
      holdId: first,
      mergeHoldIds: [second],
      address,
    });
    const released = await waitFor('bob’s holds released at the close', async () =>
      lotEvents(events, lot.id, 'AllowanceReleased').find((e) => e.data.bidderId === bob),
    );
    expect(released.data).toEqual({ lotId: lot.id, bidderId: bob, holdIds: [bobs], reason: 'LOT_CLOSED' });
    expect((await bid(lot.id, bob, 5000).expect(409)).body.code).toBe('LOT.CLOSED');
  });
});
