import { INestApplication } from '@nestjs/common';
import { Wallet } from 'ethers';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { OrderSagaMessages, Topics } from '@app/contracts';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { PlaceHoldHandler } from '../../apps/wallet/src/wallet/application/place-hold/place-hold.handler';
import { startInProcess } from '../support/apps';
import { closePools, db, sleep, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';
import { Chain, link } from './chain';

/**
 * Holds against on-chain value and wallet.confirmHold, driven as the orchestrator drives the wallet:
 * commands on a command topic, replies through the outbox and Debezium on `orchestrator.replies`.
 * The command topic is isolated with GAVEL_COMMAND_TOPIC_PREFIX, so a wallet service already running
 * on the shared stack (older code) never takes these commands.
 */
const PREFIX = 'test-crypto-';
const COMMANDS = `${PREFIX}${Topics.commands('wallet')}`;
const W = OrderSagaMessages.wallet;
interface Reply {
  type: string;
  data: Record<string, unknown>;
  metadata: { commandId: string; sagaId: string; outcome: string; code?: string; reason?: string };
}

// Against a real ganache, PostgreSQL, Debezium and Kafka.
describe('wallet participant: holds backed by linked addresses, confirmHold', () => {
  let wallet: INestApplication;
  const chain = new Chain();
  const replies = new KafkaTap(Topics.orchestratorReplies);

  beforeAll(async () => {
    process.env.GAVEL_COMMAND_TOPIC_PREFIX = PREFIX;
    await chain.up();
    await waitFor('a Kafka tap', () => replies.start().then(() => true as const), 30_000, 500);
    wallet = await startInProcess(WalletApp);
  });
  afterAll(async () => {
    await chain.up(); // whatever happened, leave ganache running
    await wallet?.close();
    await replies.stop();
    chain.destroy();
    delete process.env.GAVEL_COMMAND_TOPIC_PREFIX;
    await closePools();
  });

  const http = () => request(wallet.getHttpServer());

  async function openWallet(deposit: number): Promise<string> {
    const userId = uniqueId('ch');
    await http().post('/wallets').send({ userId }).expect(201);
    if (deposit > 0) await http().post(`/wallets/${userId}/deposits`).send({ amount: deposit }).expect(201);
    return userId;
  }

  /** A wallet with `deposit` cents and a linked address holding `eth`, whose balance nobody has read yet. */
  async function walletWithChain(deposit: number, eth: string): Promise<string> {
    const userId = await openWallet(deposit);
    const key = Wallet.createRandom();
    await chain.fund(key.address, eth);
    expect((await link(http, userId, key)).status).toBe(201);
    return userId;
  }

  async function send(type: string, data: object, step = 'reserveFunds'): Promise<string> {
    const commandId = randomUUID();
    const sagaId = uniqueId('saga');
    const metadata = { commandId, sagaId, sagaType: 'AuctionOrder', step, phase: 'forward', attempt: 1 };
    await produceRaw(COMMANDS, [
      {
        key: sagaId,
        value: JSON.stringify({ type, data, metadata }),
        headers: { 'message-id': randomUUID() },
      },
    ]);
    return commandId;
  }

  const reply = (commandId: string): Promise<Reply> =>
    waitFor(`reply to ${commandId}`, async () =>
      replies.records.map((r) => r.value as Reply).find((v) => v?.metadata?.commandId === commandId),
    );

  const walletOf = async (userId: string) => (await http().get(`/wallets/${userId}`).expect(200)).body;
  const hold = async (holdId: unknown) =>
    (await db('wallet').query('SELECT user_id, amount, reference, status FROM holds WHERE id = $1', [holdId]))
      .rows[0];

  it('places a hold covered only by on-chain value (held may exceed the deposits), never beyond it', async () => {
    const userId = await walletWithChain(100, '0.01'); // 100 cents deposited + 1,000 cents on-chain
    const placed = await reply(await send(W.placeHold, { userId, amount: '900', reference: 'bid:chain-1' }));
    expect(placed).toMatchObject({ type: W.holdPlaced, metadata: { outcome: 'success' } });
    expect(await hold(placed.data.holdId)).toEqual({
      user_id: userId,
      amount: '900',
      reference: 'bid:chain-1',
      status: 'ACTIVE',
    });
    expect(await walletOf(userId)).toMatchObject({
      balance: 100,
      held: 900,
      onChain: 1000,
      chain: 'ok',
      spendable: 200,
    });
    const tooMuch = await reply(await send(W.placeHold, { userId, amount: '201', reference: 'bid:chain-2' }));
    expect(tooMuch).toMatchObject({
      type: W.holdRejected,
      metadata: { outcome: 'failure', code: 'WALLET.INSUFFICIENT_FUNDS' },
    });
    const [row] = (
      await db('wallet').query('SELECT balance, held FROM wallet_accounts WHERE user_id = $1', [userId])
    ).rows;
    expect(row).toEqual({ balance: '100', held: '900' });
  });

  it('confirms an active hold for its owner and amount, re-referencing it; refuses every other case', async () => {
    const userId = await openWallet(1_000);
    const placed = await reply(await send(W.placeHold, { userId, amount: '600', reference: 'bid:b1' }));
    const holdId = placed.data.holdId as string;
    const confirm = (data: object) =>
      send(
        W.confirmHold,
        { holdId, userId, amount: '600', reference: 'order:o1', ...data },
        'adoptHold',
      ).then(reply);

    expect(await confirm({ userId: uniqueId('other') })).toMatchObject({
      type: W.holdNotActive,
      metadata: {
        outcome: 'failure',
        code: 'WALLET.HOLD_NOT_ACTIVE',
        reason: expect.stringContaining('another user'),
      },
    });
    expect(await confirm({ amount: '601' })).toMatchObject({
      type: W.holdNotActive,
      metadata: { code: 'WALLET.HOLD_NOT_ACTIVE' },
    });
    expect(await confirm({ holdId: randomUUID() })).toMatchObject({
      type: W.holdNotActive,
      metadata: { code: 'WALLET.HOLD_NOT_ACTIVE' },
    });
    expect(await hold(holdId)).toMatchObject({ reference: 'bid:b1', status: 'ACTIVE' });

    expect(await confirm({ amount: '550' })).toEqual(
      expect.objectContaining({
        type: W.holdConfirmed,
        data: { holdId },
        metadata: expect.objectContaining({ outcome: 'success' }),
      }),
    );
    // The order keeps exactly its price; the surplus of the hold (a proxy maximum) goes back at once.
    expect(await hold(holdId)).toEqual({
      user_id: userId,
      amount: '550',
      reference: 'order:o1',
      status: 'ACTIVE',
    });
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 550 });
    // Asked again (a redelivered or retried adoption), the answer is the same and nothing moves.
    expect(await confirm({ amount: '550' })).toMatchObject({ type: W.holdConfirmed, data: { holdId } });
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 550 });

    const placedId = (await db('wallet').query('SELECT command_id FROM holds WHERE id = $1', [holdId]))
      .rows[0].command_id;
    const releaseId = randomUUID();
    await produceRaw(COMMANDS, [
      {
        key: 'rel',
        value: JSON.stringify({
          type: W.releaseHold,
          data: { forwardCommandId: placedId, holdId },
          metadata: {
            commandId: releaseId,
            sagaId: uniqueId('saga'),
            sagaType: 'AuctionOrder',
            step: 'adoptHold',
            phase: 'compensation',
            attempt: 1,
          },
        }),
        headers: { 'message-id': randomUUID() },
      },
    ]);
    expect(await reply(releaseId)).toMatchObject({ type: W.holdReleased, data: { released: true } });
    expect(await confirm({})).toMatchObject({
      type: W.holdNotActive,
      metadata: { code: 'WALLET.HOLD_NOT_ACTIVE', reason: expect.stringContaining('RELEASED') },
    });
  });

  it("merges a winner's allowance holds into one that holds exactly the price, releasing the rest", async () => {
    const userId = await openWallet(1_000);
    const place = async (amount: string) =>
      (await reply(await send(W.placeHold, { userId, amount, reference: 'allowance:l1:u' }))).data
        .holdId as string;
    const [a, b, c] = [await place('300'), await place('200'), await place('100')];
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 600 });
    const confirm = (data: object) =>
      send(
        W.confirmHold,
        { holdId: a, userId, amount: '450', reference: 'order:o2', ...data },
        'adoptHold',
      ).then(reply);
    // Together they must cover the price.
    expect(await confirm({ mergeHoldIds: [b], amount: '501' })).toMatchObject({
      type: W.holdNotActive,
      metadata: { code: 'WALLET.HOLD_NOT_ACTIVE', reason: expect.stringContaining('cover 500') },
    });
    expect(await walletOf(userId)).toMatchObject({ held: 600 });
    expect(await confirm({ mergeHoldIds: [b, c] })).toMatchObject({
      type: W.holdConfirmed,
      data: { holdId: a },
    });
    expect(await hold(a)).toMatchObject({ amount: '450', reference: 'order:o2', status: 'ACTIVE' });
    expect(await hold(b)).toMatchObject({ status: 'RELEASED' });
    expect(await hold(c)).toMatchObject({ status: 'RELEASED' });
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 450 });
    // Holds that add up to the price exactly are merged too: the first then holds it all.
    const [d, e] = [await place('120'), await place('80')];
    const exact = await send(
      W.confirmHold,
      { holdId: d, userId, amount: '200', reference: 'order:o3', mergeHoldIds: [e] },
      'adoptHold',
    ).then(reply);
    expect(exact).toMatchObject({ type: W.holdConfirmed, data: { holdId: d } });
    expect(await hold(d)).toMatchObject({ amount: '200', reference: 'order:o3', status: 'ACTIVE' });
    expect(await hold(e)).toMatchObject({ status: 'RELEASED' });
    expect(await walletOf(userId)).toMatchObject({ balance: 1000, held: 650 });
  });

  it('node down: a hold needing the chain fails (WALLET.CHAIN_UNAVAILABLE), one within deposits is held', async () => {
    const userId = await walletWithChain(500, '0.01'); // 500 deposited + 1,000 on-chain, never read yet
    await chain.down();
    try {
      const covered = await reply(
        await send(W.placeHold, { userId, amount: '300', reference: 'bid:deposits' }),
      );
      expect(covered).toMatchObject({ type: W.holdPlaced, metadata: { outcome: 'success' } });

      const started = Date.now();
      const needsChain = await reply(
        await send(W.placeHold, { userId, amount: '900', reference: 'bid:needs-chain' }),
      );
      expect(Date.now() - started).toBeLessThan(10_000); // end to end, through Debezium
      expect(needsChain).toMatchObject({
        type: W.holdRejected,
        metadata: {
          outcome: 'failure',
          code: 'WALLET.CHAIN_UNAVAILABLE',
          reason: expect.stringMatching(/linked addresses.*Ethereum node/),
        },
      });

      // The handler itself answers in well under 2 s (after the fail-fast window, so it asks the dead node).
      await sleep(1_100);
      const handler = wallet.get(PlaceHoldHandler);
      const t0 = Date.now();
      const direct = await wallet.get(DataSource).transaction((m) =>
        handler.handle(m, {
          type: W.placeHold,
          data: { userId, amount: '900', reference: 'bid:direct' },
          metadata: {
            commandId: randomUUID(),
            sagaId: uniqueId('direct'),
            sagaType: 'PlaceBid',
            step: 'holdFunds',
            phase: 'forward',
            attempt: 1,
          },
          correlationId: randomUUID(),
        }),
      );
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(direct).toMatchObject({ outcome: 'failure', code: 'WALLET.CHAIN_UNAVAILABLE' });

      expect(await walletOf(userId)).toMatchObject({
        balance: 500,
        held: 300,
        onChain: null,
        chain: 'unavailable',
        spendable: 200,
      });
      const holds = (await db('wallet').query('SELECT reference FROM holds WHERE user_id = $1', [userId]))
        .rows;
      expect(holds).toEqual([{ reference: 'bid:deposits' }]);
    } finally {
      await chain.up();
    }
    await sleep(1_100); // past the fail-fast window: the node is asked again
    const recovered = await reply(
      await send(W.placeHold, { userId, amount: '900', reference: 'bid:after-restart' }),
    );
    expect(recovered).toMatchObject({ type: W.holdPlaced, metadata: { outcome: 'success' } });
    expect(await walletOf(userId)).toMatchObject({
      balance: 500,
      held: 1200,
      onChain: 1000,
      chain: 'ok',
      spendable: 300,
    });
  });
});
