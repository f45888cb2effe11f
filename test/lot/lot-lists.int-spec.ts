import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/lot/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, uniqueId } from '../support/env';
import { createLot, inSeconds } from './support';

/**
 * The lists the web pages read: `GET /lots` filtered by end time and sorted by price, and
 * `GET /bidders/:id/lots` ("My bids"). Bids are written straight into the tables (the bid desk has its own tests).
 */
describe('lot lists', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startInProcess(AppModule);
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await closePools();
  });

  /** A bid as the bid desk would leave it: the bids row, and the lot's price and leader when it leads. */
  async function bid(lotId: string, bidderId: string, amount: number, leads = true): Promise<void> {
    await db.query(`INSERT INTO bids (id, lot_id, bidder_id, amount) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      lotId,
      bidderId,
      amount,
    ]);
    if (leads)
      await db.query(
        `UPDATE lots SET current_price = $2, leader_id = $3, bid_count = bid_count + 1 WHERE id = $1`,
        [lotId, amount, bidderId],
      );
  }

  const close = (lotId: string, outcome: 'SOLD' | 'UNSOLD') =>
    db.query(`UPDATE lots SET status = 'CLOSED', outcome = $2, closed_at = now() WHERE id = $1`, [
      lotId,
      outcome,
    ]);

  it('lists open lots ending within a time, and sorts by price either way', async () => {
    const sellerId = uniqueId('seller');
    const soon = await createLot(app, { endsAt: inSeconds(600), startPrice: '3000' }, sellerId);
    const late = await createLot(app, { endsAt: inSeconds(7200), startPrice: '2000' }, sellerId);
    const bidUp = await createLot(app, { endsAt: inSeconds(1200), startPrice: '1000' }, sellerId);
    await bid(bidUp.id, uniqueId('buyer'), 5000);
    const ids = async (q: string) =>
      ((await http().get(`/lots?sellerId=${sellerId}&${q}`).expect(200)).body.lots as { id: string }[]).map(
        (l) => l.id,
      );

    expect(await ids('endingWithinS=3600&sort=ending')).toEqual([soon.id, bidUp.id]);
    expect(await ids('sort=price')).toEqual([late.id, soon.id, bidUp.id]);
    expect(await ids('sort=price_desc')).toEqual([bidUp.id, soon.id, late.id]);
    await close(soon.id, 'UNSOLD');
    expect(await ids('endingWithinS=3600')).toEqual([bidUp.id]);
    expect(await ids('status=CLOSED&sort=ended')).toEqual([soon.id]);
    await http().get('/lots?endingWithinS=0').expect(400);
    await http().get('/lots?sort=cheapest').expect(400);
  });

  it("lists a bidder's lots with their highest bid and position, open lots first", async () => {
    const ann = uniqueId('ann');
    const bob = uniqueId('bob');
    const leading = await createLot(app, { endsAt: inSeconds(1800) });
    const outbid = await createLot(app, { endsAt: inSeconds(900) });
    const won = await createLot(app, { endsAt: inSeconds(3000) });
    const lost = await createLot(app, { endsAt: inSeconds(2400) });
    await createLot(app); // never bid on
    await bid(leading.id, ann, 1100);
    await bid(leading.id, ann, 1300);
    await bid(outbid.id, ann, 1000);
    await bid(outbid.id, bob, 1200);
    await bid(won.id, ann, 1500);
    await bid(lost.id, ann, 1000);
    await bid(lost.id, bob, 2000);
    await close(won.id, 'SOLD');
    await close(lost.id, 'SOLD');

    const page = (await http().get(`/bidders/${ann}/lots`).expect(200)).body as {
      total: number;
      lots: {
        lot: { id: string };
        highestBid: string;
        bidCount: number;
        leading: boolean;
        position: string;
      }[];
    };
    expect(page.total).toBe(4);
    expect(page.lots.map((l) => [l.lot.id, l.position, l.highestBid, l.leading])).toEqual([
      [outbid.id, 'OUTBID', '1000', false],
      [leading.id, 'LEADING', '1300', true],
      [won.id, 'WON', '1500', false],
      [lost.id, 'LOST', '1000', false],
    ]);
    expect(page.lots[1].bidCount).toBe(2);
    const second = (await http().get(`/bidders/${ann}/lots?limit=1&offset=1`).expect(200))
      .body as typeof page;
    expect(second).toMatchObject({ total: 4, lots: [{ lot: { id: leading.id } }] });
    expect(
      (
        await http()
          .get(`/bidders/${uniqueId('nobody')}/lots`)
          .expect(200)
      ).body,
    ).toEqual({
      lots: [],
      total: 0,
    });
  });
});
