import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { AppModule } from '../../apps/lot/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, db, sleep, uniqueId, waitFor } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import { createLot, inSeconds, lotEvent, lotEvents, replyTo, sendBids } from './support';

/** The auction clock with two lot instances polling the same lots table (FOR UPDATE SKIP LOCKED). */
describe('auction clock', () => {
  let a: INestApplication;
  let b: INestApplication;
  const replies = new KafkaTap(Topics.orchestratorReplies);
  const events = new KafkaTap(Topics.lotEvents);
  const previous = { clock: process.env.GAVEL_LOT_CLOCK_MS, batch: process.env.GAVEL_LOT_CLOSE_BATCH };

  beforeAll(async () => {
    process.env.GAVEL_LOT_CLOCK_MS = '20';
    process.env.GAVEL_LOT_CLOSE_BATCH = '3';
    await Promise.all([replies.start(), events.start()]);
    a = await startInProcess(AppModule);
    b = await startInProcess(AppModule);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    process.env.GAVEL_LOT_CLOCK_MS = previous.clock;
    process.env.GAVEL_LOT_CLOSE_BATCH = previous.batch;
    await Promise.all([replies.stop(), events.stop()]);
    await closePools();
  });

  it('two instances close each of 30 due lots exactly once', async () => {
    const sellerId = uniqueId('seller');
    const lots = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createLot(i % 2 ? a : b, { endsAt: inSeconds(3) }, sellerId)),
    );
    const ids = lots.map((l) => l.id);
    await waitFor('all 30 closed', async () => {
      const { rows } = await db('lot').query(
        `SELECT count(*)::int AS n FROM lots WHERE id = ANY($1) AND status = 'CLOSED'`,
        [ids],
      );
      return rows[0].n === 30;
    });
    await waitFor('30 AuctionClosed events', async () =>
      ids.every((id) => lotEvents(events, id, 'AuctionClosed').length > 0),
    );
    await sleep(2000); // a duplicate close would show up by now
    for (const id of ids) {
      const closed = lotEvents(events, id, 'AuctionClosed');
      expect(closed).toHaveLength(1);
      expect(closed[0].data).toMatchObject({
        lotId: id,
        sellerId,
        outcome: 'UNSOLD',
        reason: 'NO_BIDS',
        buyNow: false,
      });
    }
  });

  it('reserve not met: UNSOLD RESERVE_NOT_MET carrying the leader hold to release', async () => {
    const lot = await createLot(a, { endsAt: inSeconds(4), reservePrice: '5000', softCloseWindowS: 0 });
    const [bid] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('alice'), amount: '1200' }]);
    await replyTo(replies, bid.metadata.commandId);
    const closed = await lotEvent(events, lot.id, 'AuctionClosed');
    expect(closed.data).toMatchObject({
      outcome: 'UNSOLD',
      reason: 'RESERVE_NOT_MET',
      amount: '1200',
      holdId: bid.data.holdId,
      buyNow: false,
    });
    expect(closed.data.winnerId).toBeUndefined();
    expect((await request(b.getHttpServer()).get(`/lots/${lot.id}`).expect(200)).body).toMatchObject({
      status: 'CLOSED',
      outcome: 'UNSOLD',
      closeReason: 'RESERVE_NOT_MET',
      reserveMet: false,
    });
  });

  it('sold at the end: the winner, the amount and the winning hold; a late bid is LOT.CLOSED', async () => {
    const lot = await createLot(a, { endsAt: inSeconds(4), reservePrice: '1000', softCloseWindowS: 0 });
    const winner = uniqueId('winner');
    const [bid] = await sendBids([{ lotId: lot.id, bidderId: winner, amount: '1000' }]);
    await replyTo(replies, bid.metadata.commandId);
    const closed = await lotEvent(events, lot.id, 'AuctionClosed');
    expect(closed.data).toMatchObject({
      outcome: 'SOLD',
      winnerId: winner,
      amount: '1000',
      holdId: bid.data.holdId,
      sku: lot.sku,
      title: lot.title,
    });
    const [late] = await sendBids([{ lotId: lot.id, bidderId: uniqueId('late'), amount: '9000' }]);
    expect(await replyTo(replies, late.metadata.commandId)).toMatchObject({
      metadata: { code: 'LOT.CLOSED' },
    });
  });
});
