import { randomUUID } from 'node:crypto';
import { closePools, db, waitFor } from '../support/env';
import { ApiUser, placeOrder, stockItem } from './client';
import { System } from './system';

/** The order view as the gateway returns it to its buyer. */
interface OrderView {
  orderId: string;
  status: string;
  step: string | null;
  code: string | null;
  amount: string;
  feeBps: number | null;
  fee: string | null;
  payout: string | null;
}
interface WalletView {
  balance: number;
  held: number;
  proceeds: number;
}
interface StatementLine {
  kind: string;
  account: string;
  amount: number;
  reference: string;
}

/**
 * The money of an order from the buyer to the seller, every service real (gateway, orchestrator, wallet,
 * payment, warehouse, delivery; Kafka, Debezium): a completed order pays the seller the price minus the
 * platform's fee (GAVEL_PLATFORM_FEE_BPS, stated in the order) and the platform the fee; an order turned
 * back after its capture refunds the buyer from escrow, every cent, once; the wallet's ledger reconciles.
 */
describe('order payout: the seller paid out of escrow, a cancelled capture refunded (gateway → every service)', () => {
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  const system = new System({
    GAVEL_PLATFORM_FEE_BPS: '500',
    GAVEL_SAGA_STEP_TIMEOUT_MS: '1500',
    GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '1500',
    GAVEL_SAGA_RETRY_DELAY_MS: '200',
    GAVEL_SAGA_RETRY_MAX_DELAY_MS: '1000',
    GAVEL_ORDER_WAIT_MS: '0',
    GAVEL_KAFKA_SESSION_TIMEOUT_MS: '8000',
    GAVEL_ADMIN_EMAIL: adminLogin.email,
    GAVEL_ADMIN_PASSWORD: adminLogin.password,
  });
  let seller: ApiUser;
  let admin: ApiUser;

  beforeAll(async () => {
    await system.start(['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery']);
    await system.start(['gateway']);
    seller = await ApiUser.register(system.url('gateway'), 'seller');
    admin = await ApiUser.login(system.url('gateway'), adminLogin.email, adminLogin.password);
    // Wallets are opened from UserRegistered, asynchronously.
    await waitFor("the seller's wallet", async () => (await seller.call('GET', '/wallet')).status === 200);
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  async function buyerWith(amount: number): Promise<ApiUser> {
    const buyer = await ApiUser.register(system.url('gateway'), 'buyer');
    await buyer.topUp(amount);
    return buyer;
  }

  const orderOf = async (buyer: ApiUser, id: string) =>
    (await buyer.call<OrderView>('GET', `/orders/${id}`)).body;
  const settled = (buyer: ApiUser, id: string) =>
    waitFor(
      `order ${id} to settle`,
      async () => {
        const o = await orderOf(buyer, id);
        return o.status !== 'PENDING' && o;
      },
      90_000,
      250,
    );
  const walletOf = async (who: ApiUser) => (await who.call<WalletView>('GET', '/wallet')).body;
  const statementOf = async (who: ApiUser) =>
    (await who.call<{ items: StatementLine[] }>('GET', '/wallet/ledger?limit=100')).body.items;
  const sagaStep = async (id: string) =>
    (await db('orchestrator').query(`SELECT step FROM sagas WHERE id = $1`, [id])).rows[0]?.step as
      string | undefined;

  async function reconciled(): Promise<void> {
    const res = await admin.call<{ ok: boolean; checks: { name: string; ok: boolean }[] }>(
      'GET',
      '/admin/ledger/reconciliation',
    );
    expect(res.status).toBe(200);
    expect(res.body.checks.filter((c) => !c.ok)).toEqual([]);
    expect(res.body.ok).toBe(true);
  }

  it('a full sale pays the seller 1999 − 5 % = 1900 and the platform 99, stated in the order', async () => {
    const buyer = await buyerWith(10_000);
    const proceedsBefore = (await walletOf(seller)).proceeds;
    const id = await placeOrder(buyer, seller, await stockItem(seller, 3, 'Clock'), 1_999);

    const order = await settled(buyer, id);
    expect(order).toMatchObject({
      status: 'COMPLETED',
      amount: '1999',
      feeBps: 500,
      fee: '99',
      payout: '1900',
    });
    expect(await walletOf(buyer)).toMatchObject({ balance: 10_000 - 1_999, held: 0 });
    expect((await walletOf(seller)).proceeds - proceedsBefore).toBe(1_900);
    expect((await statementOf(seller)).filter((l) => l.reference === `order:${id}`)).toEqual([
      expect.objectContaining({ kind: 'escrow_paid_out', account: 'proceeds', amount: 1_900 }),
    ]);
    expect(
      (await statementOf(buyer)).filter((l) => l.reference === `order:${id}`).map((l) => l.kind),
    ).toEqual(expect.arrayContaining(['hold_placed', 'hold_captured']));

    const settlements = await db('wallet').query(
      `SELECT s.kind, s.seller_id, s.fee_bps, s.fee::text, s.payout::text
         FROM escrow_settlements s JOIN captures c ON c.id = s.capture_id
        WHERE c.reference = $1 AND s.reversed_by IS NULL`,
      [`order:${id}`],
    );
    expect(settlements.rows).toEqual([
      { kind: 'PAYOUT', seller_id: seller.userId, fee_bps: 500, fee: '99', payout: '1900' },
    ]);
    await reconciled();
  });

  it('an order turned back while its settlement is in flight: undone whole, every cent back, once', async () => {
    const buyer = await buyerWith(10_000);
    const proceedsBefore = (await walletOf(seller)).proceeds;
    // Hold the order at bookDelivery, take the wallet away, then let the delivery be booked: the settlement
    // (capture and payout, Order v3) waits for the wallet.
    await system.kill('delivery', 'SIGKILL');
    const id = await placeOrder(buyer, seller, await stockItem(seller, 3, 'Clock'), 2_500);
    await waitFor(
      'bookDelivery to be asked',
      async () => (await sagaStep(id)) === 'bookDelivery',
      60_000,
      200,
    );
    await system.kill('wallet', 'SIGKILL');
    await system.startOne('delivery');
    await waitFor('the settlement to be asked', async () => (await sagaStep(id)) === 'settle', 60_000, 200);

    const compensate = await admin.call<{ status: string }>('POST', `/admin/sagas/${id}/compensate`, {
      reason: 'the buyer cancelled',
    });
    expect(compensate.status).toBe(200);
    // The wallet comes back to the settlement (sent first), then the reversal that undoes it.
    await system.startOne('wallet');

    const order = await settled(buyer, id);
    expect(order).toMatchObject({
      status: 'CANCELLED',
      code: 'SAGA.OPERATOR_COMPENSATE',
      fee: null,
      payout: null,
    });
    const events = (
      await db('orchestrator').query(`SELECT type, data FROM saga_events WHERE saga_id = $1 ORDER BY seq`, [
        id,
      ])
    ).rows as { type: string; data: { step?: string } }[];
    expect(events.filter((e) => e.type === 'CompensationSucceeded').map((e) => e.data.step)).toEqual([
      'settle',
      'bookDelivery',
      'reserveStock',
      'charge',
      'reserveFunds',
    ]);
    expect(await walletOf(buyer)).toMatchObject({ balance: 10_000, held: 0 });
    expect((await walletOf(seller)).proceeds).toBe(proceedsBefore);
    // Whether the settlement came before its reversal (payout reversed, escrow refunded) or was refused by
    // its tombstone (the hold released), the money came back once.
    const lines = (await statementOf(buyer)).filter((l) => l.reference === `order:${id}`);
    const back = lines.filter((l) => l.account === 'available' && l.amount > 0);
    expect(back.map((l) => [l.kind, l.amount])).toEqual([
      [expect.stringMatching(/^(escrow_refunded|hold_released)$/), 2_500],
    ]);
    await reconciled();
  });
});
