import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Topics } from '@app/contracts';
import { AppModule } from '../../apps/lot/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, uniqueId } from '../support/env';
import { KafkaTap } from '../support/kafka-tap';
import { createLot, inSeconds, lotBody, lotEvent, seller } from './support';

/** The lot service's HTTP API against real PostgreSQL, with LotCreated observed on Kafka (outbox → Debezium). */
describe('lot HTTP API', () => {
  let app: INestApplication;
  const events = new KafkaTap(Topics.lotEvents);
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    await events.start();
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    await app?.close();
    await events.stop();
    await closePools();
  });

  it('creates a lot (201), publishes LotCreated keyed by lot id, and serves it', async () => {
    const sellerId = uniqueId('seller');
    const body = lotBody({
      reservePrice: 1500,
      buyNowPrice: '9000',
      increment: { kind: 'percent', value: 5 },
    });
    const created = (await http().post('/lots').set(seller(sellerId)).send(body).expect(201)).body;
    expect(created).toMatchObject({
      sellerId,
      status: 'OPEN',
      startPrice: '1000',
      reservePrice: '1500',
      buyNowPrice: '9000',
      increment: { kind: 'percent', value: 5 },
      bidCount: 0,
      minimumNextBid: '1000',
      softCloseWindowS: 60,
      softCloseExtensionS: 60,
      endsAt: body.endsAt,
    });
    expect(created.currentPrice).toBeUndefined();
    expect((await http().get(`/lots/${created.id}`).expect(200)).body).toEqual(created);
    expect((await http().get(`/lots/${created.id}/bids`).expect(200)).body).toEqual({ bids: [], total: 0 });
    const event = await lotEvent(events, created.id, 'LotCreated');
    expect(event.data).toMatchObject({
      lotId: created.id,
      sellerId,
      sku: body.sku,
      startPrice: '1000',
      reservePrice: '1500',
      increment: { kind: 'percent', value: 5 },
    });

    const mine = (await http().get(`/lots?sellerId=${sellerId}&status=OPEN`).expect(200)).body;
    expect(mine).toMatchObject({ total: 1, lots: [{ id: created.id }] });
  });

  it('lists newest first or ending soonest first, with paging', async () => {
    const sellerId = uniqueId('seller');
    const late = await createLot(app, { endsAt: inSeconds(7200) }, sellerId);
    const soon = await createLot(app, { endsAt: inSeconds(600) }, sellerId);
    const ids = async (q: string) =>
      ((await http().get(`/lots?sellerId=${sellerId}&${q}`).expect(200)).body.lots as { id: string }[]).map(
        (l) => l.id,
      );
    expect(await ids('sort=newest')).toEqual([soon.id, late.id]);
    expect(await ids('sort=ending')).toEqual([soon.id, late.id]);
    expect(await ids('sort=newest&limit=1&offset=1')).toEqual([late.id]);
    await createLot(app, { endsAt: inSeconds(300) }, sellerId);
    expect((await ids('sort=ending'))[0]).not.toBe(late.id);
    await http().get('/lots?status=SOMETIMES').expect(400);
  });

  it.each([
    [{ endsAt: inSeconds(-10) }, 422, 'LOT.INVALID_END_TIME'],
    [{ endsAt: inSeconds(31 * 86400) }, 422, 'LOT.INVALID_END_TIME'],
    [{ reservePrice: '999' }, 422, 'LOT.RESERVE_BELOW_START'],
    [{ buyNowPrice: '500' }, 422, 'LOT.BUY_NOW_TOO_LOW'],
    [{ increment: { kind: 'percent', value: 150 } }, 400, 'LOT.INVALID_INCREMENT'],
    [{ startPrice: '10.5' }, 400, 'REQUEST.INVALID'],
    [{ title: '' }, 400, 'REQUEST.INVALID'],
  ])('rejects %o with %d %s', async (over, status, code) => {
    const res = await http().post('/lots').set(seller()).send(lotBody(over)).expect(status);
    expect(res.body).toMatchObject({ code, correlationId: expect.any(String) });
  });

  it('lets only sellers and admins create lots (403 otherwise) and 404s unknown lots', async () => {
    await http()
      .post('/lots')
      .set({ 'x-gavel-user-id': 'u1', 'x-gavel-role': 'buyer' })
      .send(lotBody())
      .expect(403);
    await http().post('/lots').send(lotBody()).expect(403);
    await http()
      .post('/lots')
      .set({ 'x-gavel-user-id': 'admin-1', 'x-gavel-role': 'admin' })
      .send(lotBody())
      .expect(201);
    expect((await http().get('/lots/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe(
      'LOT.NOT_FOUND',
    );
    expect((await http().get('/lots/not-a-uuid').expect(404)).body.code).toBe('LOT.NOT_FOUND');
  });

  describe('photos', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 7),
    ]);

    it('stores a PNG from the seller and serves it back with its type', async () => {
      const sellerId = uniqueId('seller');
      const lot = await createLot(app, {}, sellerId);
      const res = await http()
        .post(`/lots/${lot.id}/photo`)
        .set(seller(sellerId))
        .attach('photo', png, { filename: 'x.jpg', contentType: 'image/jpeg' })
        .expect(201);
      expect(res.body).toEqual({
        lotId: lot.id,
        photoUrl: `/lots/${lot.id}/photo`,
        contentType: 'image/png',
      });
      const got = await http()
        .get(`/lots/${lot.id}/photo`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(got.body as Buffer, png)).toBe(0);
      expect((await http().get(`/lots/${lot.id}`).expect(200)).body.photoUrl).toBe(`/lots/${lot.id}/photo`);
    });

    it('refuses other users (403), non-images (415), oversized files (413) and missing files (400)', async () => {
      const sellerId = uniqueId('seller');
      const lot = await createLot(app, {}, sellerId);
      const url = `/lots/${lot.id}/photo`;
      expect((await http().post(url).set(seller()).attach('photo', png, 'a.png').expect(403)).body.code).toBe(
        'LOT.NOT_OWNER',
      );
      const gif = Buffer.from('GIF89a-not-allowed');
      expect(
        (
          await http()
            .post(url)
            .set(seller(sellerId))
            .attach('photo', gif, { filename: 'a.png', contentType: 'image/png' })
            .expect(415)
        ).body.code,
      ).toBe('LOT.PHOTO_UNSUPPORTED_TYPE');
      const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]);
      expect(
        (await http().post(url).set(seller(sellerId)).attach('photo', big, 'big.png').expect(413)).body.code,
      ).toBe('LOT.PHOTO_TOO_LARGE');
      expect(
        (await http().post(url).set(seller(sellerId)).field('nothing', 'here').expect(400)).body.code,
      ).toBe('LOT.PHOTO_MISSING');
      expect((await http().get(url).expect(404)).body.code).toBe('LOT.PHOTO_NOT_FOUND');
    });

    it('keeps a gallery: the first photo is the cover, then up to 8 in upload order (409 past them)', async () => {
      const sellerId = uniqueId('seller');
      const lot = await createLot(app, {}, sellerId);
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 1)]);
      const add = (bytes: Buffer) =>
        http().post(`/lots/${lot.id}/photos`).set(seller(sellerId)).attach('photo', bytes, 'p.bin');
      const first = (await add(png).expect(201)).body;
      expect(first).toEqual({ lotId: lot.id, photoUrl: `/lots/${lot.id}/photo`, contentType: 'image/png' });
      const second = (await add(jpeg).expect(201)).body;
      expect(second).toEqual({
        lotId: lot.id,
        photoUrl: expect.stringMatching(new RegExp(`^/lots/${lot.id}/photos/[0-9a-f-]{36}$`)),
        contentType: 'image/jpeg',
      });
      const view = (await http().get(`/lots/${lot.id}`).expect(200)).body;
      expect(view.photoUrl).toBe(`/lots/${lot.id}/photo`);
      expect(view.photoUrls).toEqual([`/lots/${lot.id}/photo`, second.photoUrl]);
      const got = await http().get(second.photoUrl).expect(200);
      expect(got.headers['content-type']).toBe('image/jpeg');

      for (let i = 2; i < 8; i++) await add(png).expect(201);
      expect((await add(png).expect(409)).body.code).toBe('LOT.TOO_MANY_PHOTOS');
      expect((await http().get(`/lots/${lot.id}`).expect(200)).body.photoUrls).toHaveLength(8);
      expect((await add(png).set(seller()).expect(403)).body.code).toBe('LOT.NOT_OWNER');
      const unknown = `/lots/${lot.id}/photos/00000000-0000-4000-8000-000000000000`;
      expect((await http().get(unknown).expect(404)).body.code).toBe('LOT.PHOTO_NOT_FOUND');
      expect((await http().get(`/lots/${lot.id}/photos/..%2Fx`).expect(404)).body.code).toBe(
        'LOT.PHOTO_NOT_FOUND',
      );
    });
  });
});
