import { randomUUID } from 'node:crypto';
import { databaseConfig, outboxConnector } from '@app/common';
import { OrderSagaMessages, Topics } from '@app/contracts';
import { AppModule as PaymentApp } from '../../apps/payment/src/app.module';
import { db, uniqueId, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';
import { participantOverKafka, Reply, replyRow, sagaOutbox } from './support';

/**
 * The payment service as a saga participant: commands on `payment.commands`, replies through its
 * outbox and the Debezium outbox connector of its database (gavel-outbox) on `orchestrator.replies`.
 * The reply is the only record a command writes: there is no `payment.events` (nobody consumed it).
 */
const P = OrderSagaMessages.payment;

describe('payment participant: charge, decline, refund over Kafka (real PostgreSQL, Debezium, Kafka)', () => {
  const payment = participantOverKafka('payment', PaymentApp, async () => {
    const connect = `http://127.0.0.1:${process.env.GAVEL_CONNECT_PORT ?? 18083}`;
    const connector = outboxConnector(databaseConfig('payment').database).name;
    const status = await fetch(`${connect}/connectors/${connector}/status`).catch((e: Error) => e);
    if (status instanceof Error || !status.ok)
      throw new Error(`the ${connector} connector is not registered; run \`npm run stack -- connectors\``);
  });
  const { replies, dlq, http, reply } = payment;

  /** A payment command of step `charge`; a refund is a compensation. */
  const send = (type: string, data: object, opts: { commandId?: string; sagaId?: string } = {}) =>
    payment.send(type, data, {
      step: 'charge',
      phase: type === P.refund ? 'compensation' : 'forward',
      ...opts,
    });

  const order = (amount: string) => ({
    orderId: uniqueId('order'),
    buyerId: uniqueId('buyer'),
    sellerId: uniqueId('seller'),
    holdId: randomUUID(),
    amount,
  });
  const paymentsOf = async (
    orderId: string,
  ): Promise<{ status: string; amount: string; charge_command_id: string }[]> =>
    (
      await db('payment').query(
        'SELECT status, amount, charge_command_id FROM payments WHERE order_id = $1',
        [orderId],
      )
    ).rows;
  const outboxOf = (sagaId: string) => sagaOutbox('payment', sagaId);

  it('charges an order once, replies payment.charged (its one outbox record) and serves it over HTTP', async () => {
    const data = order('12500');
    const { commandId, sagaId } = await send(P.charge, data);
    const r = await reply(commandId);
    expect(r).toMatchObject({
      type: P.charged,
      data: { paymentId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      metadata: { sagaId, step: 'charge', outcome: 'success' },
    });
    const paymentId = r.data.paymentId as string;
    expect(await paymentsOf(data.orderId)).toEqual([
      { status: 'CHARGED', amount: '12500', charge_command_id: commandId },
    ]);

    const byId = await http().get(`/payments/${paymentId}`).expect(200);
    expect(byId.body).toMatchObject({
      paymentId,
      orderId: data.orderId,
      buyerId: data.buyerId,
      sellerId: data.sellerId,
      holdId: data.holdId,
      amount: 12500,
      status: 'CHARGED',
    });
    const byOrder = await http().get('/payments').query({ orderId: data.orderId }).expect(200);
    expect(byOrder.body.items.map((p: { paymentId: string }) => p.paymentId)).toEqual([paymentId]);

    const record = replies.records.find((x) => (x.value as Reply).metadata?.commandId === commandId);
    expect(record?.key).toBe(sagaId);
    expect(record?.headers['saga-id']).toBe(sagaId);
    expect(await outboxOf(sagaId)).toEqual([replyRow(P.charged)]);

    // Redelivery of the same command: the stored reply again, no second payment.
    await send(P.charge, data, { commandId, sagaId });
    expect(await reply(commandId, 2)).toEqual(r);
    expect(await paymentsOf(data.orderId)).toHaveLength(1);
  });

  it('declines an amount over GAVEL_PAYMENT_MAX_AMOUNT (default 100000000) with PAYMENT.DECLINED', async () => {
    const data = order('100000001');
    const { commandId } = await send(P.charge, data);
    expect(await reply(commandId)).toMatchObject({
      type: P.declined,
      metadata: { outcome: 'failure', code: 'PAYMENT.DECLINED' },
    });
    expect(await paymentsOf(data.orderId)).toEqual([
      { status: 'DECLINED', amount: '100000001', charge_command_id: commandId },
    ]);
    const atLimit = order('100000000');
    expect(await reply((await send(P.charge, atLimit)).commandId)).toMatchObject({ type: P.charged });
  });

  it('refuses a second charge for the same order from another command with PAYMENT.DUPLICATE_ORDER', async () => {
    const data = order('900');
    const first = await send(P.charge, data);
    expect(await reply(first.commandId)).toMatchObject({ type: P.charged });
    const second = await send(P.charge, { ...data, amount: '901' });
    expect(await reply(second.commandId)).toMatchObject({
      type: P.declined,
      metadata: { outcome: 'failure', code: 'PAYMENT.DUPLICATE_ORDER' },
    });
    expect(await paymentsOf(data.orderId)).toEqual([
      { status: 'CHARGED', amount: '900', charge_command_id: first.commandId },
    ]);
  });

  it('charges a fetch of orders in one transaction, each answered as it would be alone', async () => {
    const charged = order('100');
    const overLimit = order('100000001');
    const twice = order('300');
    const before = order('400');
    expect(await reply((await send(P.charge, before)).commandId)).toMatchObject({ type: P.charged });
    const charge = (data: object) => ({
      type: P.charge,
      data,
      opts: { step: 'charge', phase: 'forward' as const },
    });
    const sent = await payment.sendBatch([
      charge(charged),
      charge(overLimit),
      charge(twice),
      charge({ ...twice, amount: '301' }),
      charge({ ...before, amount: '401' }),
    ]);
    const answers = await Promise.all(sent.map((c) => reply(c.commandId)));
    expect(answers.map((a) => a.metadata.code ?? a.type)).toEqual([
      P.charged,
      'PAYMENT.DECLINED',
      P.charged,
      'PAYMENT.DUPLICATE_ORDER',
      'PAYMENT.DUPLICATE_ORDER',
    ]);
    expect(await paymentsOf(twice.orderId)).toEqual([
      { status: 'CHARGED', amount: '300', charge_command_id: sent[2].commandId },
    ]);
    expect(await paymentsOf(overLimit.orderId)).toEqual([
      { status: 'DECLINED', amount: '100000001', charge_command_id: sent[1].commandId },
    ]);
    const { rows } = await db('payment').query(
      'SELECT DISTINCT created_at FROM payments WHERE order_id = ANY($1)',
      [[charged.orderId, overLimit.orderId, twice.orderId]],
    );
    expect(rows).toHaveLength(1); // now() is the transaction's start: all three in one
  });

  it('refunds a charge once, replying payment.refunded', async () => {
    const data = order('4000');
    const charge = await send(P.charge, data);
    const paymentId = (await reply(charge.commandId)).data.paymentId;
    const refund = await send(
      P.refund,
      { orderId: data.orderId, forwardCommandId: charge.commandId },
      { sagaId: charge.sagaId },
    );
    expect(await reply(refund.commandId)).toMatchObject({
      type: P.refunded,
      data: { paymentId, refunded: true },
      metadata: { outcome: 'success' },
    });
    expect((await paymentsOf(data.orderId))[0].status).toBe('REFUNDED');
    expect(await outboxOf(charge.sagaId)).toEqual([replyRow(P.charged), replyRow(P.refunded)]);
    const again = await send(P.refund, { orderId: data.orderId, forwardCommandId: charge.commandId });
    expect(await reply(again.commandId)).toMatchObject({
      type: P.refunded,
      data: { paymentId, refunded: false },
      metadata: { outcome: 'success' },
    });
    expect(await paymentsOf(data.orderId)).toEqual([
      { status: 'REFUNDED', amount: '4000', charge_command_id: charge.commandId },
    ]);
    expect(await outboxOf(again.sagaId)).toEqual([replyRow(P.refunded)]);
    expect(
      (
        await http()
          .get(`/payments/${String(paymentId)}`)
          .expect(200)
      ).body.status,
    ).toBe('REFUNDED');
  });

  it('answers a refund of a charge that never happened, then refuses the late charge (tombstone)', async () => {
    const data = order('700');
    const lateCharge = randomUUID();
    const refund = await send(P.refund, { orderId: data.orderId, forwardCommandId: lateCharge });
    expect(await reply(refund.commandId)).toMatchObject({
      type: P.refunded,
      data: { paymentId: null, refunded: false },
      metadata: { outcome: 'success' },
    });
    await send(P.charge, data, { commandId: lateCharge });
    expect(await reply(lateCharge)).toMatchObject({
      type: P.declined,
      metadata: { outcome: 'failure', code: 'SAGA.ALREADY_COMPENSATED' },
    });
    expect(await paymentsOf(data.orderId)).toEqual([]);
  });

  it('dead-letters an invalid charge and validates HTTP ids', async () => {
    const key = uniqueId('bad');
    const metadata = {
      commandId: randomUUID(),
      sagaId: key,
      sagaType: 'Order',
      step: 'charge',
      phase: 'forward',
      attempt: 1,
    };
    await produceRaw(Topics.commands('payment'), [
      {
        key,
        value: JSON.stringify({ type: P.charge, data: { ...order('1.5') }, metadata }),
        headers: { 'message-id': randomUUID() },
      },
    ]);
    const [dead] = await waitFor('the dead letter', async () => dlq.byKey(key).length > 0 && dlq.byKey(key));
    expect(dead.headers['dlq-reason']).toMatch(/^INVALID_PAYLOAD: data\/amount/);
    expect((await http().get('/payments/not-a-uuid').expect(400)).body.code).toBe('REQUEST.INVALID');
    expect((await http().get(`/payments/${randomUUID()}`).expect(404)).body.code).toBe('PAYMENT.NOT_FOUND');
    expect(
      (
        await http()
          .get('/payments')
          .query({ orderId: uniqueId('none') })
          .expect(200)
      ).body,
    ).toEqual({ items: [] });
  });
});
