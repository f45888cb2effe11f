import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AppModule as WarehouseApp } from '../../apps/warehouse/src/app.module';
import { AppModule as DeliveryApp } from '../../apps/delivery/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, db, uniqueId } from '../support/env';

/** The warehouse's and delivery's HTTP APIs against real PostgreSQL (supertest, in-process apps). */
describe('warehouse and delivery HTTP APIs', () => {
  let warehouse: INestApplication;
  let delivery: INestApplication;

  beforeAll(async () => {
    warehouse = await startInProcess(WarehouseApp);
    delivery = await startInProcess(DeliveryApp);
  });
  afterAll(async () => {
    await warehouse?.close();
    await delivery?.close();
    await closePools();
  });

  const wh = () => request(warehouse.getHttpServer());
  const dl = () => request(delivery.getHttpServer());
  /** Items are managed over HTTP only; nobody consumes a record of them, so none is written. */
  const outboxOf = async (sku: string) =>
    (await db('warehouse').query('SELECT type FROM outbox WHERE aggregateid = $1', [sku])).rows;
  const itemRows = async (sku: string) =>
    (
      await db('warehouse').query(
        'SELECT sku, title, seller_id, on_hand, reserved FROM items WHERE sku = $1',
        [sku],
      )
    ).rows;

  describe('warehouse items', () => {
    it('creates an item, reads it, lists it by seller and adjusts its stock, writing no outbox record', async () => {
      const sku = uniqueId('sku');
      const sellerId = uniqueId('seller');
      const created = await wh()
        .post('/items')
        .set('x-correlation-id', `corr-${sku}`)
        .send({ sku, title: 'Chair', sellerId, onHand: 4 })
        .expect(201);
      expect(created.body).toEqual({ sku, title: 'Chair', sellerId, onHand: 4, reserved: 0, available: 4 });
      expect(created.headers['x-correlation-id']).toBe(`corr-${sku}`);
      expect((await wh().get(`/items/${sku}`).expect(200)).body).toEqual(created.body);
      const list = await wh().get('/items').query({ sellerId }).expect(200);
      expect(list.body).toEqual({ items: [created.body], total: 1 });
      const adjusted = await wh().put(`/items/${sku}/stock`).send({ onHand: 9 }).expect(200);
      expect(adjusted.body).toMatchObject({ onHand: 9, reserved: 0, available: 9 });
      expect(await itemRows(sku)).toEqual([
        { sku, title: 'Chair', seller_id: sellerId, on_hand: 9, reserved: 0 },
      ]);
      expect(await outboxOf(sku)).toEqual([]);
    });

    it('refuses a duplicate sku with 409 WAREHOUSE.SKU_EXISTS, keeping the first item', async () => {
      const sku = uniqueId('sku');
      await wh().post('/items').send({ sku, title: 'One', sellerId: 's1', onHand: 1 }).expect(201);
      const res = await wh()
        .post('/items')
        .send({ sku, title: 'Two', sellerId: 's2', onHand: 7 })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'WAREHOUSE.SKU_EXISTS', correlationId: expect.any(String) });
      expect((await wh().get(`/items/${sku}`).expect(200)).body).toMatchObject({ title: 'One', onHand: 1 });
      expect(await itemRows(sku)).toEqual([{ sku, title: 'One', seller_id: 's1', on_hand: 1, reserved: 0 }]);
    });

    it('answers 404 WAREHOUSE.ITEM_NOT_FOUND for an unknown sku', async () => {
      const ghost = uniqueId('ghost');
      expect((await wh().get(`/items/${ghost}`).expect(404)).body.code).toBe('WAREHOUSE.ITEM_NOT_FOUND');
      expect((await wh().put(`/items/${ghost}/stock`).send({ onHand: 1 }).expect(404)).body.code).toBe(
        'WAREHOUSE.ITEM_NOT_FOUND',
      );
    });

    const invalidItems: [string, object][] = [
      ['a negative onHand', { onHand: -1 }],
      ['a fractional onHand', { onHand: 1.5 }],
      ['a string onHand', { onHand: '3' }],
      ['a malformed sku', { sku: 'bad sku!' }],
      ['an empty title', { title: '' }],
      ['a malformed sellerId', { sellerId: 'a/b' }],
      ['an unknown field', { reserved: 3 }],
    ];
    it.each(invalidItems)(
      'rejects an item with %s: 400 REQUEST.INVALID, nothing written',
      async (_name, over) => {
        const sku = uniqueId('sku');
        const res = await wh()
          .post('/items')
          .send({ sku, title: 'T', sellerId: 's1', onHand: 1, ...over });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'REQUEST.INVALID',
          message: expect.any(String),
          correlationId: expect.any(String),
        });
        expect(await itemRows(sku)).toEqual([]);
      },
    );

    it('rejects invalid stock levels and queries with 400', async () => {
      const sku = uniqueId('sku');
      await wh().post('/items').send({ sku, title: 'T', sellerId: 's1', onHand: 1 }).expect(201);
      for (const body of [{ onHand: -2 }, { onHand: 'many' }, {}, { onHand: 1_000_001 }]) {
        const res = await wh().put(`/items/${sku}/stock`).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('REQUEST.INVALID');
      }
      expect((await wh().get('/items').query({ limit: 0 }).expect(400)).body.code).toBe('REQUEST.INVALID');
      expect((await wh().get('/items').query({ sellerId: 'x y' }).expect(400)).body.code).toBe(
        'REQUEST.INVALID',
      );
      expect((await wh().get(`/items/${sku}`).expect(200)).body.onHand).toBe(1);
    });

    it('lets a seller (per the gateway headers) manage only their own items', async () => {
      const sku = uniqueId('sku');
      const seller = { 'x-gavel-user-id': 'alice', 'x-gavel-role': 'seller' };
      const other = await wh()
        .post('/items')
        .set(seller)
        .send({ sku, title: 'T', sellerId: 'bob', onHand: 1 })
        .expect(403);
      expect(other.body.code).toBe('WAREHOUSE.NOT_OWNER');
      await wh()
        .post('/items')
        .set(seller)
        .send({ sku, title: 'T', sellerId: 'alice', onHand: 1 })
        .expect(201);
      await wh().put(`/items/${sku}/stock`).set(seller).send({ onHand: 2 }).expect(200);
      const mallory = { 'x-gavel-user-id': 'mallory', 'x-gavel-role': 'seller' };
      expect(
        (await wh().put(`/items/${sku}/stock`).set(mallory).send({ onHand: 0 }).expect(403)).body.code,
      ).toBe('WAREHOUSE.NOT_OWNER');
      const buyer = { 'x-gavel-user-id': 'carol', 'x-gavel-role': 'buyer' };
      expect(
        (await wh().put(`/items/${sku}/stock`).set(buyer).send({ onHand: 0 }).expect(403)).body.code,
      ).toBe('WAREHOUSE.FORBIDDEN');
      await wh()
        .put(`/items/${sku}/stock`)
        .set({ 'x-gavel-user-id': 'root', 'x-gavel-role': 'admin' })
        .send({ onHand: 5 })
        .expect(200);
      expect((await wh().get(`/items/${sku}`).expect(200)).body.onHand).toBe(5);
    });
  });

  describe('delivery slots and bookings', () => {
    const future = (): string =>
      new Date(Date.UTC(2098, 0, 1) + Math.floor(Math.random() * 1e9) * 1000).toISOString();

    it('creates a slot and lists it; refuses a duplicate id with 409 DELIVERY.SLOT_EXISTS', async () => {
      const id = uniqueId('slot');
      const startsAt = future();
      const created = await dl().post('/slots').send({ id, startsAt, capacity: 3 }).expect(201);
      expect(created.body).toEqual({ id, startsAt, capacity: 3, booked: 0, available: 3 });
      const listed = await dl()
        .get('/slots')
        .query({ from: startsAt, to: new Date(Date.parse(startsAt) + 1000).toISOString() })
        .expect(200);
      expect(listed.body.items).toContainEqual(created.body);
      expect(
        (await dl().post('/slots').send({ id, startsAt: future(), capacity: 1 }).expect(409)).body.code,
      ).toBe('DELIVERY.SLOT_EXISTS');
    });

    it('keeps a rolling schedule of standard slots from now on', async () => {
      const res = await dl().get('/slots').query({ limit: 500 }).expect(200);
      const standard = res.body.items.filter((s: { id: string }) => s.id.startsWith('std-'));
      expect(standard.length).toBeGreaterThanOrEqual(13 * 4);
      expect(standard.every((s: { startsAt: string }) => Date.parse(s.startsAt) > Date.now() - 1000)).toBe(
        true,
      );
    });

    const invalidSlots: [string, object, string][] = [
      ['a past start', { startsAt: '2001-01-01T09:00:00Z' }, 'DELIVERY.SLOT_IN_PAST'],
      ['a non-date start', { startsAt: 'tomorrow' }, 'REQUEST.INVALID'],
      ['zero capacity', { capacity: 0 }, 'REQUEST.INVALID'],
      ['a fractional capacity', { capacity: 2.5 }, 'REQUEST.INVALID'],
      ['a malformed id', { id: 'no spaces allowed' }, 'REQUEST.INVALID'],
      ['an unknown field', { booked: 1 }, 'REQUEST.INVALID'],
    ];
    it.each(invalidSlots)('rejects a slot with %s (400 and its code)', async (_name, over, code) => {
      const id = uniqueId('slot');
      const res = await dl()
        .post('/slots')
        .send({ id, startsAt: future(), capacity: 2, ...over });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code, correlationId: expect.any(String) });
      expect((await db('delivery').query('SELECT 1 FROM slots WHERE id = $1', [id])).rows).toEqual([]);
    });

    it('requires orderId to list bookings and returns none for an unknown order', async () => {
      expect((await dl().get('/bookings').expect(400)).body.code).toBe('REQUEST.INVALID');
      expect(
        (
          await dl()
            .get('/bookings')
            .query({ orderId: uniqueId('order') })
            .expect(200)
        ).body,
      ).toEqual({ items: [] });
      expect((await dl().get('/slots').query({ available: 'maybe' }).expect(400)).body.code).toBe(
        'REQUEST.INVALID',
      );
    });
  });
});
