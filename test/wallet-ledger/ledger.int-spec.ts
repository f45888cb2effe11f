import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { OrderSagaMessages, Topics } from '@app/contracts';
import { AppModule as WalletApp } from '../../apps/wallet/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, db, uniqueId, waitFor } from '../support/env';
import { KafkaTap, produceRaw } from '../support/kafka-tap';
import { startGateway, testJwt } from '../gateway/gateway-harness';

/**
 * The money loop through the real system edges: top-ups over the gateway's HTTP API, the wallet's saga
 * commands over Kafka (as the orchestrator sends them) with replies through the outbox and Debezium,
 * and the ledger reconciled through the gateway's admin route. Sale 1 is paid out to its seller (fee
 * GAVEL_PLATFORM_FEE_BPS = 500), sale 2 refunded to its buyer, sale 3 paid out and compensated.
 */
const W = OrderSagaMessages.wallet;
interface Reply {
  type: string;
  data: Record<string, unknown>;
  metadata: { commandId: string; outcome: string; code?: string };
}

describe('wallet ledger: top-up → hold → capture → escrow → payout, reconciled (HTTP, Kafka, Debezium)', () => {
  let wallet: INestApplication;
  let gateway: INestApplication;
  const replies = new KafkaTap(Topics.orchestratorReplies);
  const buyer = uniqueId('ledger-buyer');
  const seller = uniqueId('ledger-seller');
  const tokenOf = (userId: string, role: 'buyer' | 'seller' | 'admin') =>
    testJwt.sign({ sub: userId, roles: [role] });
  const http = () => request(gateway.getHttpServer());
  const as = (userId: string, role: 'buyer' | 'seller' | 'admin') => ({
    get: (path: string) =>
      http()
        .get(path)
        .set('authorization', `Bearer ${tokenOf(userId, role)}`),
    post: (path: string) =>
      http()
        .post(path)
        .set('authorization', `Bearer ${tokenOf(userId, role)}`),
  });

  beforeAll(async () => {
    process.env.GAVEL_PLATFORM_FEE_BPS = '500';
    await waitFor('a Kafka tap', () => replies.start().then(() => true as const), 30_000, 500);
    wallet = await startInProcess(WalletApp);
    await wallet.listen(0, '127.0.0.1');
    gateway = await startGateway({
      GAVEL_WALLET_URL: `http://127.0.0.1:${(wallet.getHttpServer().address() as AddressInfo).port}`,
    });
    await request(wallet.getHttpServer()).post('/wallets').send({ userId: buyer }).expect(201);
  });
  afterAll(async () => {
    await gateway?.close();
    await wallet?.close();
    await replies.stop();
    await closePools();
  });

  const sagaOf = new Map<string, string>();

  /** A wallet command as the orchestrator would send it, not sent yet. */
  function command(
    type: string,
    data: object,
    opts: { commandId?: string; phase?: 'forward' | 'compensation' } = {},
  ): { commandId: string; record: { key: string; value: string; headers: Record<string, string> } } {
    const commandId = opts.commandId ?? randomUUID();
    // A command delivered again is the same record: same saga, same command id.
    const sagaId = sagaOf.get(commandId) ?? uniqueId('ledger-saga');
    sagaOf.set(commandId, sagaId);
    const metadata = {
      commandId,
      sagaId,
      sagaType: 'Order',
      step: type,
      phase: opts.phase ?? 'forward',
      attempt: 1,
    };
    return {
      commandId,
      record: {
        key: sagaId,
        value: JSON.stringify({ type, data, metadata }),
        headers: { 'message-id': randomUUID() },
      },
    };
  }

  async function send(
    type: string,
    data: object,
    opts: { commandId?: string; phase?: 'forward' | 'compensation' } = {},
  ): Promise<string> {
    const { commandId, record } = command(type, data, opts);
    await produceRaw(Topics.commands('wallet'), [record]);
    return commandId;
  }

  const repliesTo = (commandId: string): Reply[] =>
    replies.records.map((r) => r.value as Reply).filter((v) => v?.metadata?.commandId === commandId);

  async function reply(commandId: string, count = 1): Promise<Reply> {
    const found = await waitFor(`reply to ${commandId}`, async () => {
      const all = repliesTo(commandId);
      return all.length >= count && all;
    });
    return found[found.length - 1];
  }

  /** A sale up to the hold: the buyer's hold of `amount` for a new order. */
  async function heldSale(amount: string): Promise<{ holdId: string; reference: string }> {
    const reference = `order:${uniqueId('ledger-order')}`;
    const placed = await reply(await send(W.placeHold, { userId: buyer, amount, reference }));
    expect(placed).toMatchObject({ type: W.holdPlaced, metadata: { outcome: 'success' } });
    return { holdId: placed.data.holdId as string, reference };
  }

  /** A sale up to the capture: the buyer's hold of `amount`, captured into escrow. */
  async function capturedSale(amount: string): Promise<{ holdId: string; reference: string }> {
    const { holdId, reference } = await heldSale(amount);
    const captured = await reply(await send(W.captureHold, { holdId, reference }));
    expect(captured).toMatchObject({ type: W.holdCaptured, metadata: { outcome: 'success' } });
    return { holdId, reference };
  }

  const walletOf = async (userId: string, role: 'buyer' | 'seller') =>
    (await as(userId, role).get('/wallet').expect(200)).body;
  const entriesCausedBy = async (commandId: string): Promise<number> =>
    (
      await db('wallet').query('SELECT count(*)::int AS n FROM ledger_entries WHERE cause_id = $1', [
        commandId,
      ])
    ).rows[0].n;

  it('tops up once per Idempotency-Key, from the outside world', async () => {
    const deposit = () =>
      as(buyer, 'buyer').post('/wallet/deposits').set('idempotency-key', 'ledger-1').send({ amount: 10_000 });
    await deposit().expect(201);
    await deposit().expect(200);
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ currency: 'USD', balance: 10_000, held: 0 });
    const statement = (await as(buyer, 'buyer').get('/wallet/ledger').expect(200)).body;
    expect(statement).toMatchObject({
      currency: 'USD',
      items: [{ kind: 'top_up', account: 'available', amount: 10_000 }],
    });
  });

  it('captures into escrow and pays the seller the price minus the fee, once', async () => {
    const { holdId, reference } = await capturedSale('1999');
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ balance: 8_001, held: 0, spendable: 8_001 });

    const payout = await send(W.releaseEscrowToSeller, { holdId, sellerId: seller, reference });
    const paid = await reply(payout);
    expect(paid).toMatchObject({
      type: W.escrowReleased,
      data: {
        holdId,
        sellerId: seller,
        amount: '1999',
        feeBps: 500,
        fee: '99',
        payout: '1900',
        currency: 'USD',
      },
      metadata: { outcome: 'success' },
    });
    // The same command delivered again: the same answer, one journal entry.
    await send(W.releaseEscrowToSeller, { holdId, sellerId: seller, reference }, { commandId: payout });
    expect(await reply(payout, 2)).toEqual(paid);
    expect(await entriesCausedBy(payout)).toBe(1);

    expect(await walletOf(seller, 'seller')).toMatchObject({ balance: 0, proceeds: 1_900 });
    const statement = (await as(seller, 'seller').get('/wallet/ledger').expect(200)).body;
    expect(statement.items).toEqual([
      expect.objectContaining({ kind: 'escrow_paid_out', account: 'proceeds', amount: 1_900, reference }),
    ]);
  });

  it('refunds a cancelled sale from escrow, every cent', async () => {
    const before = await walletOf(buyer, 'buyer');
    const { holdId, reference } = await capturedSale('2500');
    const refunded = await reply(await send(W.refundEscrow, { holdId, reference }));
    expect(refunded).toMatchObject({
      type: W.escrowRefunded,
      data: { holdId, amount: '2500', buyerId: buyer },
    });
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ balance: before.balance, held: 0 });
    const twice = await reply(await send(W.releaseEscrowToSeller, { holdId, sellerId: seller, reference }));
    expect(twice).toMatchObject({ metadata: { outcome: 'failure', code: 'WALLET.ESCROW_SETTLED' } });
  });

  it('compensates a payout: the money goes back into escrow, and a late payout is refused', async () => {
    const proceeds = (await walletOf(seller, 'seller')).proceeds as number;
    const { holdId, reference } = await capturedSale('1000');
    const payout = await send(W.releaseEscrowToSeller, { holdId, sellerId: seller, reference });
    expect(await reply(payout)).toMatchObject({ data: { fee: '50', payout: '950' } });
    const undo = await send(
      W.reverseEscrowRelease,
      { forwardCommandId: payout, holdId },
      { phase: 'compensation' },
    );
    expect(await reply(undo)).toMatchObject({
      type: W.escrowReleaseReversed,
      data: { holdId, reversed: true },
    });
    expect(await walletOf(seller, 'seller')).toMatchObject({ proceeds });
    // The escrow can settle again: here, back to the buyer.
    expect(await reply(await send(W.refundEscrow, { holdId, reference }))).toMatchObject({
      metadata: { outcome: 'success' },
    });

    const lateId = randomUUID();
    await reply(await send(W.reverseEscrowRelease, { forwardCommandId: lateId }, { phase: 'compensation' }));
    const late = await reply(
      await send(W.releaseEscrowToSeller, { holdId, sellerId: seller, reference }, { commandId: lateId }),
    );
    expect(late).toMatchObject({ type: W.escrowNotReleased, metadata: { code: 'SAGA.ALREADY_COMPENSATED' } });
  });

  it("pays out at the fee rate the order states, whatever the wallet's own setting", async () => {
    const { holdId, reference } = await capturedSale('1999');
    const paid = await reply(
      await send(W.releaseEscrowToSeller, { holdId, sellerId: seller, reference, feeBps: 250 }),
    );
    // 2.5 % of 1999 is 49.975: rounded down to 49 for the platform, 1950 for the seller.
    expect(paid).toMatchObject({ type: W.escrowReleased, data: { feeBps: 250, fee: '49', payout: '1950' } });
  });

  it("a capture's compensation: a capture made is refunded; one never made is nothing to refund, and is refused if it comes late", async () => {
    const before = await walletOf(buyer, 'buyer');
    const { holdId, reference } = await capturedSale('300');
    const captureId = randomUUID();
    const refunded = await reply(
      await send(
        W.refundEscrow,
        { holdId, reference, forwardCommandId: captureId },
        { phase: 'compensation' },
      ),
    );
    expect(refunded).toMatchObject({
      type: W.escrowRefunded,
      data: { holdId, refunded: true, amount: '300' },
    });
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ balance: before.balance, held: 0 });

    // The capture never reached the wallet: its compensation succeeds with nothing to refund …
    const placed = await reply(await send(W.placeHold, { userId: buyer, amount: '400', reference }));
    const held = placed.data.holdId as string;
    const lateCapture = randomUUID();
    const nothing = await reply(
      await send(
        W.refundEscrow,
        { holdId: held, reference, forwardCommandId: lateCapture },
        { phase: 'compensation' },
      ),
    );
    expect(nothing).toMatchObject({
      type: W.escrowRefunded,
      data: { holdId: held, refunded: false, amount: '0' },
      metadata: { outcome: 'success' },
    });
    // … the capture arriving after it is refused, and the hold's own release gives the money back.
    const late = await reply(
      await send(W.captureHold, { holdId: held, reference }, { commandId: lateCapture }),
    );
    expect(late).toMatchObject({ metadata: { outcome: 'failure', code: 'SAGA.ALREADY_COMPENSATED' } });
    const release = await reply(
      await send(W.releaseHold, { forwardCommandId: randomUUID(), holdId: held }, { phase: 'compensation' }),
    );
    expect(release).toMatchObject({ type: W.holdReleased, data: { released: true } });
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ balance: before.balance, held: 0 });
    // Without forwardCommandId (not a compensation) a hold never captured is still refused.
    const refused = await reply(await send(W.refundEscrow, { holdId: held, reference }));
    expect(refused).toMatchObject({ metadata: { outcome: 'failure', code: 'WALLET.ESCROW_NOT_FOUND' } });
  });

  it('settles an order in one command (Order v3): captured and paid out together, once', async () => {
    const before = await walletOf(buyer, 'buyer');
    const proceeds = (await walletOf(seller, 'seller')).proceeds as number;
    const { holdId, reference } = await heldSale('1999');
    const settle = await send(W.settleOrder, { holdId, sellerId: seller, reference, feeBps: 500 });
    const settled = await reply(settle);
    expect(settled).toMatchObject({
      type: W.orderSettled,
      data: { holdId, sellerId: seller, amount: '1999', feeBps: 500, fee: '99', payout: '1900' },
      metadata: { outcome: 'success' },
    });
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ balance: before.balance - 1_999, held: 0 });
    expect(await walletOf(seller, 'seller')).toMatchObject({ proceeds: proceeds + 1_900 });
    // Two journal entries (capture, payout), each under its own cause; delivered again, nothing more.
    await send(W.settleOrder, { holdId, sellerId: seller, reference, feeBps: 500 }, { commandId: settle });
    expect(await reply(settle, 2)).toEqual(settled);
    expect(await entriesCausedBy(settle)).toBe(1);
    expect(await entriesCausedBy(`${settle}:payout`)).toBe(1);
    const { rows } = await db('wallet').query(
      `SELECT kind FROM ledger_entries WHERE cause_id IN ($1, $2) ORDER BY kind`,
      [settle, `${settle}:payout`],
    );
    expect(rows.map((r: { kind: string }) => r.kind)).toEqual(['escrow_paid_out', 'hold_captured']);
  });

  it('refuses to settle a hold that is not active, and moves nothing', async () => {
    const before = await walletOf(buyer, 'buyer');
    const { holdId, reference } = await heldSale('700');
    await reply(
      await send(W.releaseHold, { forwardCommandId: randomUUID(), holdId }, { phase: 'compensation' }),
    );
    const refused = await reply(await send(W.settleOrder, { holdId, sellerId: seller, reference }));
    expect(refused).toMatchObject({ type: W.orderNotSettled, metadata: { outcome: 'failure' } });
    expect(refused.metadata.code).toMatch(/^WALLET\./);
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ balance: before.balance, held: 0 });
  });

  it("a settlement's compensation gives every cent back (payout reversed, escrow refunded); one never made is refused if it comes late", async () => {
    const before = await walletOf(buyer, 'buyer');
    const proceeds = (await walletOf(seller, 'seller')).proceeds as number;
    const { holdId, reference } = await heldSale('1000');
    const settle = await send(W.settleOrder, { holdId, sellerId: seller, reference, feeBps: 500 });
    expect(await reply(settle)).toMatchObject({ data: { fee: '50', payout: '950' } });
    const undo = await send(
      W.reverseSettlement,
      { forwardCommandId: settle, holdId, reference },
      { phase: 'compensation' },
    );
    expect(await reply(undo)).toMatchObject({
      type: W.settlementReversed,
      data: { holdId, payoutReversed: true, refunded: true, amount: '1000' },
      metadata: { outcome: 'success' },
    });
    expect(await walletOf(seller, 'seller')).toMatchObject({ proceeds });
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ balance: before.balance, held: 0 });

    // Never reached the wallet: nothing to undo, and the settlement arriving after it is refused.
    const again = await reply(await send(W.placeHold, { userId: buyer, amount: '400', reference }));
    const held = again.data.holdId as string;
    const lateSettle = randomUUID();
    expect(
      await reply(
        await send(
          W.reverseSettlement,
          { forwardCommandId: lateSettle, holdId: held, reference },
          { phase: 'compensation' },
        ),
      ),
    ).toMatchObject({ data: { payoutReversed: false, refunded: false }, metadata: { outcome: 'success' } });
    const late = await reply(
      await send(W.settleOrder, { holdId: held, sellerId: seller, reference }, { commandId: lateSettle }),
    );
    expect(late).toMatchObject({ type: W.orderNotSettled, metadata: { code: 'SAGA.ALREADY_COMPENSATED' } });
    expect(await walletOf(buyer, 'buyer')).toMatchObject({ held: 400 });
  });

  it('settles a fetch of orders in one transaction, each answered and booked as if it came alone', async () => {
    const before = await walletOf(buyer, 'buyer');
    const proceeds = (await walletOf(seller, 'seller')).proceeds as number;
    const sales = [await heldSale('100'), await heldSale('200'), await heldSale('301')];
    const released = await heldSale('50');
    await reply(
      await send(
        W.releaseHold,
        { forwardCommandId: randomUUID(), holdId: released.holdId },
        { phase: 'compensation' },
      ),
    );
    const settle = (sale: { holdId: string; reference: string }) =>
      command(W.settleOrder, {
        holdId: sale.holdId,
        sellerId: seller,
        reference: sale.reference,
        feeBps: 500,
      });
    const settles = sales.map(settle);
    const again = settle(sales[0]); // another saga names the same hold: it gets the first settlement
    const notActive = settle(released);
    const reference = `order:${uniqueId('ledger-batch')}`;
    const small = command(W.placeHold, { userId: buyer, amount: '100', reference });
    const tooBig = command(W.placeHold, { userId: buyer, amount: '100000000', reference });
    // A wallet of 250: two holds of 100 fit, the third does not once the first two are counted.
    const tight = uniqueId('ledger-tight');
    await request(wallet.getHttpServer()).post('/wallets').send({ userId: tight }).expect(201);
    await as(tight, 'buyer')
      .post('/wallet/deposits')
      .set('idempotency-key', `${tight}-1`)
      .send({ amount: 250 })
      .expect(201);
    const tightHolds = [1, 2, 3].map((n) =>
      command(W.placeHold, { userId: tight, amount: '100', reference: `${reference}:${n}` }),
    );
    // One produce request to one partition: the consumer fetches them as one batch.
    await produceRaw(
      Topics.commands('wallet'),
      [...settles, again, notActive, small, tooBig, ...tightHolds].map((c) => ({
        ...c.record,
        partition: 0,
      })),
    );

    const settled = await Promise.all(settles.map((c) => reply(c.commandId)));
    const split = (amount: string, fee: string, payout: string) => ({
      type: W.orderSettled,
      data: { sellerId: seller, amount, feeBps: 500, fee, payout, currency: 'USD' },
      metadata: { outcome: 'success' },
    });
    expect(settled).toMatchObject([
      split('100', '5', '95'),
      split('200', '10', '190'),
      split('301', '15', '286'),
    ]);
    settled.forEach((r, i) => expect(r.data.holdId).toBe(sales[i].holdId));
    expect(await reply(again.commandId)).toMatchObject({ type: W.orderSettled, data: settled[0].data });
    expect(await reply(notActive.commandId)).toMatchObject({
      type: W.orderNotSettled,
      metadata: { outcome: 'failure', code: 'WALLET.HOLD_NOT_ACTIVE' },
    });
    expect(await reply(small.commandId)).toMatchObject({
      type: W.holdPlaced,
      metadata: { outcome: 'success' },
    });
    expect(await reply(tooBig.commandId)).toMatchObject({
      type: W.holdRejected,
      metadata: { outcome: 'failure', code: 'WALLET.INSUFFICIENT_FUNDS' },
    });

    expect(
      (await Promise.all(tightHolds.map((c) => reply(c.commandId)))).map((r) => r.metadata.code ?? r.type),
    ).toEqual([W.holdPlaced, W.holdPlaced, 'WALLET.INSUFFICIENT_FUNDS']);
    expect(await walletOf(tight, 'buyer')).toMatchObject({ balance: 250, held: 200 });

    expect(await walletOf(buyer, 'buyer')).toMatchObject({
      balance: before.balance - 601,
      held: before.held + 100,
    });
    expect(await walletOf(seller, 'seller')).toMatchObject({ proceeds: proceeds + 95 + 190 + 286 });
    // Each settlement booked its capture and its payout once; the saga naming a settled hold booked nothing.
    const causes = settles.flatMap((c) => [c.commandId, `${c.commandId}:payout`]);
    const { rows } = await db('wallet').query(
      `SELECT cause_id, kind, created_at FROM ledger_entries WHERE cause_id = ANY($1)`,
      [
        [
          ...causes,
          again.commandId,
          `${again.commandId}:payout`,
          ...[small, ...tightHolds].map((c) => c.commandId),
        ],
      ],
    );
    expect(rows.map((r: { cause_id: string }) => r.cause_id).sort()).toEqual(
      [...causes, small.commandId, tightHolds[0].commandId, tightHolds[1].commandId].sort(),
    );
    // ... in one transaction (now() is the transaction's start): the batch was applied as one.
    expect(new Set(rows.map((r: { created_at: Date }) => r.created_at.getTime())).size).toBe(1);
  });

  it('reconciles: every projection equals the journal, and money is conserved', async () => {
    const res = await as(uniqueId('ops'), 'admin').get('/admin/ledger/reconciliation').expect(200);
    expect(res.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(res.body).toMatchObject({ ok: true, currency: 'USD', differences: [], unbalancedEntries: [] });
    expect(BigInt(res.body.accounts.fees)).toBeGreaterThanOrEqual(99n);

    await as(buyer, 'buyer').get('/admin/ledger/reconciliation').expect(403);
    const direct = await request(wallet.getHttpServer()).get('/ledger/reconciliation').expect(403);
    expect(direct.body.code).toBe('AUTH.FORBIDDEN');
  });
});
