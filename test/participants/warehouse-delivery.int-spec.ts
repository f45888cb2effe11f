import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CommandMetadata, SagaReply, Topics } from '@app/contracts';
import { AppModule as WarehouseApp } from '../../apps/warehouse/src/app.module';
import { AppModule as DeliveryApp } from '../../apps/delivery/src/app.module';
import { ReserveStockHandler } from '../../apps/warehouse/src/stock/application/reserve-stock/reserve-stock.handler';
import { startInProcess } from '../support/apps';
import { closePools, db, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw, TappedRecord } from '../support/kafka-tap';
import { replyRow, sagaOutbox } from './support';

/**
 * The warehouse and delivery participants driven exactly as the orchestrator drives them: commands
 * produced to `<participant>.commands`, replies read from `orchestrator.replies` after they went
 * through each service's outbox, Debezium and Kafka. Real PostgreSQL, Kafka and Kafka Connect. A
 * command writes its reply and nothing else (no `warehouse.events` or `delivery.events`: nobody
 * consumed them).
 */
describe('warehouse and delivery saga participants (through Kafka and the outbox)', () => {
  let warehouse: INestApplication;
  let delivery: INestApplication;
  const replies = new KafkaTap(Topics.orchestratorReplies);
  const warehouseDlq = new KafkaTap(Topics.deadLetter(Topics.commands('warehouse')));

  beforeAll(async () => {
    await Promise.all([replies.start(), warehouseDlq.start()]);
    warehouse = await startInProcess(WarehouseApp);
    delivery = await startInProcess(DeliveryApp);
  });
  afterAll(async () => {
    await warehouse?.close();
    await delivery?.close();
    await Promise.all([replies.stop(), warehouseDlq.stop()]);
    await closePools();
  });

  type Meta = CommandMetadata;
  const meta = (step: string, over: Partial<Meta> = {}): Meta => ({
    commandId: randomUUID(),
    sagaId: uniqueId('saga'),
    sagaType: 'Order',
    step,
    phase: 'forward',
    attempt: 1,
    ...over,
  });

  async function send(participant: string, type: string, data: object, metadata: Meta): Promise<Meta> {
    await produceRaw(Topics.commands(participant), [
      {
        key: metadata.sagaId,
        value: JSON.stringify({ type, data, metadata }),
        headers: { 'message-id': randomUUID() },
      },
    ]);
    return metadata;
  }

  const repliesTo = (commandId: string): SagaReply[] =>
    replies.records
      .map((r: TappedRecord) => r.value as SagaReply)
      .filter((v) => v?.metadata?.commandId === commandId);

  async function reply(commandId: string, count = 1): Promise<SagaReply> {
    const found = await waitFor(
      `${count} reply(ies) to ${commandId}`,
      async () => repliesTo(commandId).length >= count && repliesTo(commandId),
    );
    return found[count - 1];
  }

  async function newItem(onHand: number): Promise<string> {
    const sku = uniqueId('sku');
    await request(warehouse.getHttpServer())
      .post('/items')
      .send({ sku, title: 'Lamp', sellerId: 'seller-1', onHand })
      .expect(201);
    return sku;
  }

  const item = async (sku: string) =>
    (await request(warehouse.getHttpServer()).get(`/items/${sku}`).expect(200)).body;
  const reservations = async (where: string, value: string) =>
    (
      await db('warehouse').query(`SELECT id, status, quantity FROM reservations WHERE ${where} = $1`, [
        value,
      ])
    ).rows;
  const outboxOf = (service: 'warehouse' | 'delivery', sagaId: string) => sagaOutbox(service, sagaId);

  describe('warehouse', () => {
    it('reserves stock and replies warehouse.reserved with the reservation id, keyed by saga', async () => {
      const sku = await newItem(10);
      const orderId = uniqueId('order');
      const m = await send(
        'warehouse',
        'warehouse.reserve',
        { orderId, sku, quantity: 3 },
        meta('reserveStock'),
      );
      const r = await reply(m.commandId);
      expect(r).toMatchObject({
        type: 'warehouse.reserved',
        data: { reservationId: expect.any(String) },
        metadata: { commandId: m.commandId, sagaId: m.sagaId, step: 'reserveStock', outcome: 'success' },
      });
      const record = replies.records.find((x) => (x.value as SagaReply).metadata.commandId === m.commandId)!;
      expect(record.key).toBe(m.sagaId);
      expect(record.headers['saga-id']).toBe(m.sagaId);
      expect(await item(sku)).toEqual({
        sku,
        title: 'Lamp',
        sellerId: 'seller-1',
        onHand: 10,
        reserved: 3,
        available: 7,
      });
      const { reservationId } = r.data as { reservationId: string };
      expect(await reservations('order_id', orderId)).toEqual([
        { id: reservationId, status: 'ACTIVE', quantity: 3 },
      ]);
      expect(await outboxOf('warehouse', m.sagaId)).toEqual([replyRow('warehouse.reserved')]);
    });

    it('rejects more than is available with WAREHOUSE.OUT_OF_STOCK, changing nothing', async () => {
      const sku = await newItem(2);
      const m = await send(
        'warehouse',
        'warehouse.reserve',
        { orderId: uniqueId('order'), sku, quantity: 3 },
        meta('reserveStock'),
      );
      expect(await reply(m.commandId)).toMatchObject({
        type: 'warehouse.rejected',
        metadata: {
          outcome: 'failure',
          code: 'WAREHOUSE.OUT_OF_STOCK',
          reason: expect.stringContaining('2 available'),
        },
      });
      expect(await item(sku)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
      expect(await reservations('sku', sku)).toEqual([]);
    });

    it('rejects an unknown sku with WAREHOUSE.UNKNOWN_SKU', async () => {
      const m = await send(
        'warehouse',
        'warehouse.reserve',
        { orderId: uniqueId('order'), sku: uniqueId('ghost'), quantity: 1 },
        meta('reserveStock'),
      );
      expect(await reply(m.commandId)).toMatchObject({
        type: 'warehouse.rejected',
        metadata: { outcome: 'failure', code: 'WAREHOUSE.UNKNOWN_SKU' },
      });
    });

    it('applies the same command twice only once and answers it twice with the same reply', async () => {
      const sku = await newItem(5);
      const orderId = uniqueId('order');
      const m = meta('reserveStock');
      await send('warehouse', 'warehouse.reserve', { orderId, sku, quantity: 2 }, m);
      const first = await reply(m.commandId);
      await send('warehouse', 'warehouse.reserve', { orderId, sku, quantity: 2 }, { ...m, attempt: 2 });
      const second = await reply(m.commandId, 2);
      expect(second).toEqual(first);
      expect(await reservations('order_id', orderId)).toHaveLength(1);
      expect(await item(sku)).toMatchObject({ reserved: 2, available: 3 });
    });

    it('releases a reservation (once) and refuses a late reserve whose forward command was compensated', async () => {
      const sku = await newItem(4);
      const orderId = uniqueId('order');
      const forward = await send(
        'warehouse',
        'warehouse.reserve',
        { orderId, sku, quantity: 4 },
        meta('reserveStock'),
      );
      const reserved = (await reply(forward.commandId)).data as { reservationId: string };
      const compensation = meta('reserveStock', { sagaId: forward.sagaId, phase: 'compensation' });
      await send(
        'warehouse',
        'warehouse.release',
        { orderId, forwardCommandId: forward.commandId },
        compensation,
      );
      expect(await reply(compensation.commandId)).toMatchObject({
        type: 'warehouse.released',
        data: { released: true, reservationId: reserved.reservationId },
        metadata: { outcome: 'success' },
      });
      expect(await item(sku)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
      expect(await reservations('order_id', orderId)).toEqual([
        { id: reserved.reservationId, status: 'RELEASED', quantity: 4 },
      ]);
      expect(await outboxOf('warehouse', forward.sagaId)).toEqual([
        replyRow('warehouse.reserved'),
        replyRow('warehouse.released'),
      ]);

      // The compensation arrives first; the forward command it compensates turns up late.
      const lateOrder = uniqueId('order');
      const lateForward = meta('reserveStock');
      const early = meta('reserveStock', { sagaId: lateForward.sagaId, phase: 'compensation' });
      await send(
        'warehouse',
        'warehouse.release',
        { orderId: lateOrder, forwardCommandId: lateForward.commandId },
        early,
      );
      expect(await reply(early.commandId)).toMatchObject({
        type: 'warehouse.released',
        data: { released: false },
        metadata: { outcome: 'success' },
      });
      await send('warehouse', 'warehouse.reserve', { orderId: lateOrder, sku, quantity: 1 }, lateForward);
      expect(await reply(lateForward.commandId)).toMatchObject({
        type: 'warehouse.rejected',
        metadata: { outcome: 'failure', code: 'SAGA.ALREADY_COMPENSATED' },
      });
      expect(await reservations('order_id', lateOrder)).toEqual([]);
      expect(await item(sku)).toMatchObject({ reserved: 0, available: 4 });
    });

    it('refuses to set stock below what is reserved (409 WAREHOUSE.BELOW_RESERVED)', async () => {
      const sku = await newItem(6);
      const m = await send(
        'warehouse',
        'warehouse.reserve',
        { orderId: uniqueId('order'), sku, quantity: 4 },
        meta('reserveStock'),
      );
      expect((await reply(m.commandId)).metadata.outcome).toBe('success');
      const res = await request(warehouse.getHttpServer())
        .put(`/items/${sku}/stock`)
        .send({ onHand: 3 })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'WAREHOUSE.BELOW_RESERVED', correlationId: expect.any(String) });
      const ok = await request(warehouse.getHttpServer())
        .put(`/items/${sku}/stock`)
        .send({ onHand: 4 })
        .expect(200);
      expect(ok.body).toMatchObject({ onHand: 4, reserved: 4, available: 0 });
    });

    it('reserves exactly 5 of 5 units when 20 orders race through Kafka, in one batch', async () => {
      const sku = await newItem(5);
      const other = await newItem(3);
      const commands = Array.from({ length: 20 }, () => meta('reserveStock'));
      const onOther = meta('reserveStock');
      // one produce request to one partition: one fetch, one transaction, one `handleMany` batch
      await produceRaw(
        Topics.commands('warehouse'),
        [...commands.map((m) => ({ m, sku })), { m: onOther, sku: other }].map(({ m, sku }) => ({
          partition: 0,
          key: m.sagaId,
          value: JSON.stringify({
            type: 'warehouse.reserve',
            data: { orderId: uniqueId('order'), sku, quantity: 1 },
            metadata: m,
          }),
          headers: { 'message-id': randomUUID() },
        })),
      );
      const outcomes = await Promise.all(commands.map(async (m) => (await reply(m.commandId)).metadata));
      expect(outcomes.filter((o) => o.outcome === 'success')).toHaveLength(5);
      expect(outcomes.filter((o) => o.code === 'WAREHOUSE.OUT_OF_STOCK')).toHaveLength(15);
      expect((await reply(onOther.commandId)).metadata.outcome).toBe('success');
      expect(await item(sku)).toMatchObject({ onHand: 5, reserved: 5, available: 0 });
      expect(await item(other)).toMatchObject({ onHand: 3, reserved: 1, available: 2 });
      expect(await reservations('sku', sku)).toHaveLength(5);
      const { rows } = await db('warehouse').query(
        `SELECT DISTINCT created_at FROM reservations WHERE sku = ANY($1)`,
        [[sku, other]],
      );
      expect(rows).toHaveLength(1); // now() is the transaction's start: all six in one
    });

    it('never oversells when 20 reserves run in parallel PostgreSQL transactions', async () => {
      const sku = await newItem(5);
      const handler = warehouse.get(ReserveStockHandler);
      const dataSource = warehouse.get(DataSource);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          dataSource.transaction((manager) =>
            handler.handle(manager, {
              type: 'warehouse.reserve',
              data: { orderId: uniqueId('order'), sku, quantity: 1 },
              metadata: meta('reserveStock'),
              correlationId: randomUUID(),
            }),
          ),
        ),
      );
      expect(results.filter((r) => r.outcome === 'success')).toHaveLength(5);
      expect(results.filter((r) => r.code === 'WAREHOUSE.OUT_OF_STOCK')).toHaveLength(15);
      const row = (await db('warehouse').query('SELECT on_hand, reserved FROM items WHERE sku = $1', [sku]))
        .rows[0];
      expect(row).toEqual({ on_hand: 5, reserved: 5 });
    });

    it('dead-letters malformed and invalid commands with the reason and keeps consuming', async () => {
      const key = uniqueId('dlq');
      const sku = await newItem(1);
      const good = meta('reserveStock', { sagaId: key });
      const bad = (type: string, data: object, metadata: object) => ({
        key,
        value: JSON.stringify({ type, data, metadata }),
        headers: { 'message-id': randomUUID() },
      });
      await produceRaw(Topics.commands('warehouse'), [
        { key, value: '{not json', headers: { 'message-id': randomUUID() } },
        bad('warehouse.reserve', { orderId: 'o', sku, quantity: -1 }, meta('reserveStock', { sagaId: key })),
        bad('warehouse.reserve', { orderId: 'o', sku, quantity: 1 }, { sagaId: key }),
        bad('warehouse.explode', {}, meta('reserveStock', { sagaId: key })),
        {
          key,
          value: JSON.stringify({
            type: 'warehouse.reserve',
            data: { orderId: 'o', sku, quantity: 1 },
            metadata: good,
          }),
          headers: { 'message-id': randomUUID() },
        },
      ]);
      const dead = await waitFor(
        'four dead letters',
        async () => warehouseDlq.byKey(key).length >= 4 && warehouseDlq.byKey(key),
      );
      expect(dead.map((d) => d.headers['dlq-reason'].split(':')[0]).sort()).toEqual([
        'INVALID_METADATA',
        'INVALID_PAYLOAD',
        'MALFORMED_JSON',
        'UNKNOWN_COMMAND',
      ]);
      expect(dead.every((d) => d.headers['dlq-source-topic'] === 'warehouse.commands')).toBe(true);
      expect((await reply(good.commandId)).metadata.outcome).toBe('success');
      expect(await item(sku)).toMatchObject({ reserved: 1, available: 0 });
    });
  });

  describe('delivery', () => {
    const address = {
      name: 'Ada Lovelace',
      line1: 'Damrak 1',
      city: 'Amsterdam',
      postcode: '1012 LG',
      country: 'NL',
    };

    async function newSlot(capacity: number): Promise<string> {
      const id = uniqueId('slot');
      const startsAt = new Date(Date.UTC(2099, 0, 1) + Math.floor(Math.random() * 1e9) * 1000).toISOString();
      await request(delivery.getHttpServer()).post('/slots').send({ id, startsAt, capacity }).expect(201);
      return id;
    }
    const slot = async (id: string) =>
      (await db('delivery').query('SELECT capacity, booked FROM slots WHERE id = $1', [id])).rows[0];
    const bookingsOf = async (orderId: string) =>
      (await request(delivery.getHttpServer()).get('/bookings').query({ orderId }).expect(200)).body.items;

    it('books a slot and replies delivery.booked; cancel gives the place back', async () => {
      const slotId = await newSlot(2);
      const orderId = uniqueId('order');
      const book = await send(
        'delivery',
        'delivery.book',
        { orderId, address, slotId },
        meta('bookDelivery'),
      );
      const booked = await reply(book.commandId);
      expect(booked).toMatchObject({
        type: 'delivery.booked',
        data: { bookingId: expect.any(String), slotId },
        metadata: { outcome: 'success' },
      });
      expect(await slot(slotId)).toEqual({ capacity: 2, booked: 1 });
      expect(await bookingsOf(orderId)).toEqual([
        expect.objectContaining({
          bookingId: (booked.data as { bookingId: string }).bookingId,
          slotId,
          status: 'BOOKED',
          address,
        }),
      ]);

      const cancel = meta('bookDelivery', { sagaId: book.sagaId, phase: 'compensation' });
      await send('delivery', 'delivery.cancel', { orderId, forwardCommandId: book.commandId }, cancel);
      expect(await reply(cancel.commandId)).toMatchObject({
        type: 'delivery.cancelled',
        data: { cancelled: true },
        metadata: { outcome: 'success' },
      });
      expect(await slot(slotId)).toEqual({ capacity: 2, booked: 0 });
      expect(await bookingsOf(orderId)).toEqual([expect.objectContaining({ status: 'CANCELLED' })]);
      expect(await outboxOf('delivery', book.sagaId)).toEqual([
        replyRow('delivery.booked'),
        replyRow('delivery.cancelled'),
      ]);

      const again = meta('bookDelivery', { sagaId: book.sagaId, phase: 'compensation' });
      await send('delivery', 'delivery.cancel', { orderId, forwardCommandId: book.commandId }, again);
      expect(await reply(again.commandId)).toMatchObject({
        type: 'delivery.cancelled',
        data: { cancelled: false },
        metadata: { outcome: 'success' },
      });
      expect(await slot(slotId)).toEqual({ capacity: 2, booked: 0 });
    });

    it.each([
      ['an unserved country', { country: 'JP' }],
      ['a blank postcode', { postcode: '  ' }],
      ['a blank street line', { line1: '' }],
    ])('rejects %s with DELIVERY.UNDELIVERABLE_ADDRESS', async (_name, over) => {
      const slotId = await newSlot(5);
      const orderId = uniqueId('order');
      const m = await send(
        'delivery',
        'delivery.book',
        { orderId, address: { ...address, ...over }, slotId },
        meta('bookDelivery'),
      );
      expect(await reply(m.commandId)).toMatchObject({
        type: 'delivery.rejected',
        metadata: { outcome: 'failure', code: 'DELIVERY.UNDELIVERABLE_ADDRESS', reason: expect.any(String) },
      });
      expect(await slot(slotId)).toEqual({ capacity: 5, booked: 0 });
      expect(await bookingsOf(orderId)).toEqual([]);
    });

    it('rejects a full slot with DELIVERY.SLOT_FULL and an unknown one with DELIVERY.UNKNOWN_SLOT', async () => {
      const slotId = await newSlot(1);
      const first = await send(
        'delivery',
        'delivery.book',
        { orderId: uniqueId('order'), address, slotId },
        meta('bookDelivery'),
      );
      expect((await reply(first.commandId)).metadata.outcome).toBe('success');
      const second = await send(
        'delivery',
        'delivery.book',
        { orderId: uniqueId('order'), address, slotId },
        meta('bookDelivery'),
      );
      expect(await reply(second.commandId)).toMatchObject({
        type: 'delivery.rejected',
        metadata: { outcome: 'failure', code: 'DELIVERY.SLOT_FULL' },
      });
      expect(await slot(slotId)).toEqual({ capacity: 1, booked: 1 });
      const ghost = await send(
        'delivery',
        'delivery.book',
        { orderId: uniqueId('order'), address, slotId: uniqueId('nope') },
        meta('bookDelivery'),
      );
      expect((await reply(ghost.commandId)).metadata.code).toBe('DELIVERY.UNKNOWN_SLOT');
    });

    it('fills the earliest slots with room, earliest first, for a batch of bookings without a slot', async () => {
      await newSlot(1);
      await newSlot(2);
      const { rows: open } = await db('delivery').query(
        `SELECT id, capacity - booked AS room FROM slots WHERE starts_at > now() AND booked < capacity
         ORDER BY starts_at, id LIMIT 3`,
      );
      // What one booking after another would take: each the earliest slot with a place left.
      const expected: string[] = [];
      for (const s of open as { id: string; room: number }[])
        for (let n = 0; n < s.room && expected.length < 3; n++) expected.push(s.id);
      const before = await Promise.all(expected.map((id) => slot(id)));
      const commands = [1, 2, 3].map(() => meta('bookDelivery'));
      const far = meta('bookDelivery');
      await produceRaw(
        Topics.commands('delivery'),
        [...commands, far].map((m, i) => ({
          partition: 0,
          key: m.sagaId,
          value: JSON.stringify({
            type: 'delivery.book',
            data: { orderId: uniqueId('order'), address: i < 3 ? address : { ...address, country: 'AQ' } },
            metadata: m,
          }),
          headers: { 'message-id': randomUUID() },
        })),
      );
      const answers = await Promise.all(commands.map((m) => reply(m.commandId)));
      expect(answers.map((a) => (a.data as { slotId: string }).slotId)).toEqual(expected);
      expect((await reply(far.commandId)).metadata).toMatchObject({
        outcome: 'failure',
        code: 'DELIVERY.UNDELIVERABLE_ADDRESS',
      });
      const taken = new Map<string, number>();
      for (const id of expected) taken.set(id, (taken.get(id) ?? 0) + 1);
      for (const [i, id] of expected.entries())
        expect(await slot(id)).toEqual({ ...before[i], booked: before[i].booked + (taken.get(id) ?? 0) });
    });

    it('books the earliest future slot with room when no slot is given', async () => {
      const upcoming = (
        await request(delivery.getHttpServer())
          .get('/slots')
          .query({ available: 'true', limit: 1 })
          .expect(200)
      ).body.items;
      expect(upcoming).toHaveLength(1);
      const m = await send(
        'delivery',
        'delivery.book',
        { orderId: uniqueId('order'), address },
        meta('bookDelivery'),
      );
      const r = await reply(m.commandId);
      expect(r).toMatchObject({ type: 'delivery.booked', data: { slotId: upcoming[0].id } });
    });
  });
});
