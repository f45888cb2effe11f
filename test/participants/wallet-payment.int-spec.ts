import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrderSagaMessages, Topics } from '@app/contracts';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { PlaceHoldHandler } from '../../apps/wallet/src/wallet/application/place-hold/place-hold.handler';
import { db, uniqueId, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';
import { CommandOptions, participantOverKafka, Reply, replyRow, sagaOutbox } from './support';

/**
 * The wallet as a saga participant, driven exactly as the orchestrator drives it: commands on
 * `wallet.commands`, replies through the outbox and Debezium on `orchestrator.replies`. The reply is
 * the only record a hold command writes: holds have no event on `wallet.events` (nobody consumes one).
 */
const W = OrderSagaMessages.wallet;

describe('wallet participant: holds over Kafka (real PostgreSQL, Debezium, Kafka)', () => {
  const wallet = participantOverKafka('wallet', WalletApp);
  const { replies, dlq, http, repliesTo, reply } = wallet;

  async function fundedWallet(amount: number): Promise<string> {
    const userId = uniqueId('wp');
    await http().post('/wallets').send({ userId }).expect(201);
    if (amount > 0) await http().post(`/wallets/${userId}/deposits`).send({ amount }).expect(201);
    return userId;
  }

  /** A wallet command of step `reserveFunds` unless told; releaseHold is a compensation. */
  const send = (type: string, data: object, opts: Partial<CommandOptions> = {}) =>
    wallet.send(type, data, {
      step: 'reserveFunds',
      phase: type === W.releaseHold ? 'compensation' : 'forward',
      ...opts,
    });

  const walletOf = async (userId: string) => (await http().get(`/wallets/${userId}`).expect(200)).body;
  const holdsOf = async (userId: string): Promise<{ status: string; amount: string; command_id: string }[]> =>
    (
      await db('wallet').query(
        'SELECT status, amount, command_id FROM holds WHERE user_id = $1 ORDER BY created_at',
        [userId],
      )
    ).rows;
  const outboxOf = (sagaId: string) => sagaOutbox('wallet', sagaId);

  it('places a hold within the spendable balance; its reply is the one record it writes', async () => {
    const userId = await fundedWallet(1000);
    const { commandId, sagaId } = await send(W.placeHold, { userId, amount: '400', reference: 'order:o1' });
    const r = await reply(commandId);
    expect(r).toMatchObject({
      type: W.holdPlaced,
      data: { holdId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      metadata: { commandId, sagaId, step: 'reserveFunds', outcome: 'success' },
    });
    const record = replies.records.find((x) => (x.value as Reply).metadata?.commandId === commandId);
    expect(record?.key).toBe(sagaId);
    expect(record?.headers['saga-id']).toBe(sagaId);
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 400, spendable: 600 });
    const list = await http().get(`/wallets/${userId}/holds`).query({ status: 'ACTIVE' }).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        holdId: r.data.holdId,
        amount: 400,
        reference: 'order:o1',
        status: 'ACTIVE',
      }),
    ]);
    expect(await outboxOf(sagaId)).toEqual([replyRow(W.holdPlaced)]);
  });

  it('rejects a hold beyond the spendable balance and one for an unknown wallet', async () => {
    const userId = await fundedWallet(500);
    await send(W.placeHold, { userId, amount: '300', reference: 'order:a' }).then((c) => reply(c.commandId));
    const tooMuch = await send(W.placeHold, { userId, amount: '201', reference: 'order:b' });
    expect(await reply(tooMuch.commandId)).toMatchObject({
      type: W.holdRejected,
      metadata: { outcome: 'failure', code: 'WALLET.INSUFFICIENT_FUNDS' },
    });
    const ghost = await send(W.placeHold, { userId: uniqueId('ghost'), amount: '1', reference: 'order:c' });
    expect(await reply(ghost.commandId)).toMatchObject({
      type: W.holdRejected,
      metadata: { code: 'WALLET.NOT_FOUND' },
    });
    expect(await walletOf(userId)).toMatchObject({ balance: 500, held: 300, spendable: 200 });
    expect(await holdsOf(userId)).toHaveLength(1);
  });

  it('applies a command delivered twice once, and answers both deliveries with the same reply', async () => {
    const userId = await fundedWallet(1000);
    const first = await send(W.placeHold, { userId, amount: '250', reference: 'order:dup' });
    const r1 = await reply(first.commandId);
    await send(W.placeHold, { userId, amount: '250', reference: 'order:dup' }, first);
    const r2 = await reply(first.commandId, 2);
    expect(r2).toEqual(r1);
    expect(await holdsOf(userId)).toEqual([{ status: 'ACTIVE', amount: '250', command_id: first.commandId }]);
    expect(await walletOf(userId)).toMatchObject({ held: 250 });
  });

  it('releases a hold once, and refuses a late placeHold whose compensation already ran (tombstone)', async () => {
    const userId = await fundedWallet(1000);
    const placed = await send(W.placeHold, { userId, amount: '600', reference: 'order:r' });
    const { data } = await reply(placed.commandId);
    const release = await send(
      W.releaseHold,
      { forwardCommandId: placed.commandId },
      { sagaId: placed.sagaId },
    );
    expect(await reply(release.commandId)).toMatchObject({
      type: W.holdReleased,
      data: { holdId: data.holdId, released: true },
      metadata: { outcome: 'success' },
    });
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 0, spendable: 1000 });
    expect(await outboxOf(placed.sagaId)).toEqual([replyRow(W.holdPlaced), replyRow(W.holdReleased)]);
    const again = await send(W.releaseHold, { forwardCommandId: placed.commandId, holdId: data.holdId });
    expect(await reply(again.commandId)).toMatchObject({
      type: W.holdReleased,
      data: { released: false },
      metadata: { outcome: 'success' },
    });
    expect(await walletOf(userId)).toMatchObject({ held: 0 });

    // The compensation overtakes its forward command: success now, and the late forward command is refused.
    const lateId = randomUUID();
    const early = await send(W.releaseHold, { forwardCommandId: lateId });
    expect(await reply(early.commandId)).toMatchObject({
      type: W.holdReleased,
      data: { holdId: null, released: false },
      metadata: { outcome: 'success' },
    });
    await send(W.placeHold, { userId, amount: '100', reference: 'order:late' }, { commandId: lateId });
    expect(await reply(lateId)).toMatchObject({
      type: W.holdRejected,
      metadata: { outcome: 'failure', code: 'SAGA.ALREADY_COMPENSATED' },
    });
    expect((await holdsOf(userId)).map((h) => h.status)).toEqual(['RELEASED']);
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 0 });
  });

  it('captures an active hold (money leaves the wallet, kept in captures) and refuses a released one', async () => {
    const userId = await fundedWallet(1000);
    const placed = await send(W.placeHold, { userId, amount: '700', reference: 'order:cap' });
    const holdId = (await reply(placed.commandId)).data.holdId as string;
    const capture = await send(W.captureHold, { holdId, reference: 'order:cap' }, { step: 'captureFunds' });
    expect(await reply(capture.commandId)).toMatchObject({
      type: W.holdCaptured,
      data: { holdId, captureId: expect.any(String) },
      metadata: { outcome: 'success' },
    });
    expect(await walletOf(userId)).toMatchObject({ balance: 300, held: 0, spendable: 300 });
    expect(await outboxOf(capture.sagaId)).toEqual([replyRow(W.holdCaptured)]);
    const [money] = (
      await db('wallet').query(
        `SELECT (SELECT sum(amount) FROM deposits WHERE user_id = $1)::bigint AS deposits,
                (SELECT balance FROM wallet_accounts WHERE user_id = $1) AS balance,
                (SELECT coalesce(sum(amount), 0) FROM captures WHERE user_id = $1)::bigint AS captured`,
        [userId],
      )
    ).rows;
    expect(money).toEqual({ deposits: '1000', balance: '300', captured: '700' });

    const second = await send(W.placeHold, { userId, amount: '100', reference: 'order:cap2' });
    const secondHold = (await reply(second.commandId)).data.holdId as string;
    await send(W.releaseHold, { forwardCommandId: second.commandId }).then((c) => reply(c.commandId));
    const refused = await send(
      W.captureHold,
      { holdId: secondHold, reference: 'order:cap2' },
      { step: 'captureFunds' },
    );
    expect(await reply(refused.commandId)).toMatchObject({
      metadata: { outcome: 'failure', code: 'WALLET.HOLD_NOT_ACTIVE' },
    });
    expect(await walletOf(userId)).toMatchObject({ balance: 300, held: 0 });
  });

  it('lets exactly 5 of 20 concurrent placeHold commands through for a balance that covers 5', async () => {
    const userId = await fundedWallet(500);
    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(W.placeHold, { userId, amount: '100', reference: `bid:${i}` }),
      ),
    );
    const answers = await Promise.all(sent.map((c) => reply(c.commandId)));
    expect(answers.filter((a) => a.metadata.outcome === 'success')).toHaveLength(5);
    expect(answers.filter((a) => a.metadata.code === 'WALLET.INSUFFICIENT_FUNDS')).toHaveLength(15);
    expect((await holdsOf(userId)).filter((h) => h.status === 'ACTIVE')).toHaveLength(5);
    expect(await walletOf(userId)).toMatchObject({ balance: 500, held: 500, spendable: 0 });
  });

  it('serialises 20 truly parallel hold transactions on the account row', async () => {
    const userId = await fundedWallet(500);
    const handler = wallet.app.get(PlaceHoldHandler);
    const dataSource = wallet.app.get(DataSource);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        dataSource.transaction((m) =>
          handler.handle(m, {
            type: W.placeHold,
            data: { userId, amount: '100', reference: `par:${i}` },
            metadata: {
              commandId: randomUUID(),
              sagaId: uniqueId('par'),
              sagaType: 'Order',
              step: 'reserveFunds',
              phase: 'forward',
              attempt: 1,
            },
            correlationId: randomUUID(),
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'success')).toHaveLength(5);
    const [row] = (
      await db('wallet').query('SELECT balance, held FROM wallet_accounts WHERE user_id = $1', [userId])
    ).rows;
    expect(row).toEqual({ balance: '500', held: '500' });
    expect((await holdsOf(userId)).length).toBe(5);
  });

  it('dead-letters malformed commands with the reason and keeps consuming', async () => {
    const userId = await fundedWallet(100);
    const key = uniqueId('bad');
    const meta = {
      commandId: randomUUID(),
      sagaId: key,
      sagaType: 'Order',
      step: 'reserveFunds',
      phase: 'forward',
      attempt: 1,
    };
    await produceRaw(Topics.commands('wallet'), [
      { key, value: '{not json', headers: { 'message-id': randomUUID() } },
      {
        key,
        value: JSON.stringify({
          type: W.placeHold,
          data: { userId, amount: '-5', reference: 'x' },
          metadata: meta,
        }),
        headers: { 'message-id': randomUUID() },
      },
      {
        key,
        value: JSON.stringify({
          type: 'wallet.teleport',
          data: {},
          metadata: { ...meta, commandId: randomUUID() },
        }),
        headers: { 'message-id': randomUUID() },
      },
      {
        key,
        value: JSON.stringify({
          type: W.placeHold,
          data: { userId, amount: '5', reference: 'x' },
          metadata: { commandId: 'c' },
        }),
        headers: { 'message-id': randomUUID() },
      },
    ]);
    const good = await send(
      W.placeHold,
      { userId, amount: '100', reference: 'order:after-bad' },
      { sagaId: key },
    );
    const dead = await waitFor('four dead letters', async () => dlq.byKey(key).length >= 4 && dlq.byKey(key));
    expect(dead.map((d) => d.headers['dlq-reason'].split(':')[0]).sort()).toEqual([
      'INVALID_METADATA',
      'INVALID_PAYLOAD',
      'MALFORMED_JSON',
      'UNKNOWN_COMMAND',
    ]);
    expect(dead.every((d) => d.headers['dlq-source-topic'] === 'wallet.commands')).toBe(true);
    expect(await reply(good.commandId)).toMatchObject({ metadata: { outcome: 'success' } });
    expect(repliesTo(meta.commandId)).toEqual([]);
    expect(await holdsOf(userId)).toHaveLength(1);
  });

  it('opens a wallet once when a user registers (user.events), leaving an existing wallet alone', async () => {
    const fresh = uniqueId('reg');
    const existing = await fundedWallet(42);
    const registered = (userId: string, messageId: string) => ({
      key: userId,
      value: JSON.stringify({
        type: 'UserRegistered',
        data: { userId, email: `${userId}@example.com`, displayName: 'Buyer', roles: ['buyer'] },
      }),
      headers: { 'message-id': messageId },
    });
    const freshMessage = randomUUID();
    await produceRaw(Topics.userEvents, [
      registered(fresh, freshMessage),
      registered(fresh, freshMessage),
      registered(existing, randomUUID()),
    ]);
    const view = await waitFor('the wallet', async () => {
      const res = await http().get(`/wallets/${fresh}`);
      return res.status === 200 && res.body;
    });
    expect(view).toMatchObject({ userId: fresh, balance: 0, held: 0, spendable: 0, currency: 'USD' });
    await waitFor('the inbox rows', async () => {
      const r = await db('wallet').query(
        `SELECT count(*)::int AS n FROM processed_messages WHERE consumer = 'wallet' AND message_id = $1`,
        [freshMessage],
      );
      return r.rows[0].n === 1;
    });
    expect(await walletOf(existing)).toMatchObject({ balance: 42 });
  });

  it('validates the holds listing', async () => {
    const userId = await fundedWallet(0);
    expect(
      (await http().get(`/wallets/${userId}/holds`).query({ status: 'LOST' }).expect(400)).body.code,
    ).toBe('REQUEST.INVALID');
    expect(
      (
        await http()
          .get(`/wallets/${uniqueId('nobody')}/holds`)
          .expect(404)
      ).body.code,
    ).toBe('WALLET.NOT_FOUND');
    expect((await http().get(`/wallets/${userId}/holds`).expect(200)).body).toEqual({ items: [] });
  });
});
