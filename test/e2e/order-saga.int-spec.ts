import { randomUUID } from 'node:crypto';
import { closePools, db } from '../support/env';
import { ApiUser, GOOD_ADDRESS, NOWHERE, orderSettled, stockItem } from './client';
import { System } from './system';

/** The order saga end to end: gateway → orchestrator → wallet, payment, warehouse, delivery, all real. */
describe('order saga across every service', () => {
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  const system = new System({
    GAVEL_SAGA_STEP_TIMEOUT_MS: '3000',
    GAVEL_SAGA_RETRY_DELAY_MS: '200',
    GAVEL_ORDER_WAIT_MS: '8000',
    GAVEL_ADMIN_EMAIL: adminLogin.email,
    GAVEL_ADMIN_PASSWORD: adminLogin.password,
  });
  let seller: ApiUser;
  let buyer: ApiUser;
  let admin: ApiUser;

  beforeAll(async () => {
    await system.start(['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery']);
    await system.start(['gateway']);
    const gw = system.url('gateway');
    [seller, buyer] = await Promise.all([ApiUser.register(gw, 'seller'), ApiUser.register(gw, 'buyer')]);
    admin = await ApiUser.login(gw, adminLogin.email, adminLogin.password);
    await buyer.topUp(100_000);
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  async function sagaEvents(sagaId: string): Promise<string[]> {
    const res = await admin.call<{ events: { type: string; data: { step?: string } }[] }>(
      'GET',
      `/admin/sagas/${sagaId}`,
    );
    expect(res.status).toBe(200);
    return res.body.events.map((e) => (e.data.step ? `${e.type}:${e.data.step}` : e.type));
  }

  const wallet = async (who: ApiUser) =>
    (await who.call<{ balance: number; held: number }>('GET', '/wallet')).body;
  const stock = async (sku: string) =>
    (await seller.call<{ onHand: number; reserved: number; available: number }>('GET', `/items/${sku}`)).body;

  it('completes the happy path: hold, charge, reserve, book, settle (capture and pay the seller)', async () => {
    const sku = await stockItem(seller, 3);
    const before = await wallet(buyer);
    // A seller's wallet opens with their registration (asynchronously): none yet is no proceeds.
    const proceeds = async () =>
      (await seller.call<{ proceeds?: number }>('GET', '/wallet')).body.proceeds ?? 0;
    const proceedsBefore = await proceeds();
    const o = await orderSettled(buyer, seller, sku, 2500);
    expect(o.status).toBe('COMPLETED');
    const events = await sagaEvents(o.orderId);
    expect(events.filter((e) => e.startsWith('StepSucceeded'))).toEqual([
      'StepSucceeded:reserveFunds',
      'StepSucceeded:charge',
      'StepSucceeded:reserveStock',
      'StepSucceeded:bookDelivery',
      'StepSucceeded:settle',
    ]);
    expect(await wallet(buyer)).toEqual(expect.objectContaining({ balance: before.balance - 2500, held: 0 }));
    // 2500 at the default fee of 5 %: 125 to the platform, the rest to the seller.
    expect(o).toMatchObject({ feeBps: 500, fee: '125', payout: '2375' });
    expect((await proceeds()) - proceedsBefore).toBe(2375);
    expect((await stock(sku)).available).toBe(2);
  });

  it.each([
    ['insufficient funds', 'WALLET.INSUFFICIENT_FUNDS', 5_000_000, GOOD_ADDRESS, 3, []],
    ['out of stock', 'WAREHOUSE.OUT_OF_STOCK', 1000, GOOD_ADDRESS, 0, ['charge', 'reserveFunds']],
    [
      'an undeliverable address',
      'DELIVERY.UNDELIVERABLE_ADDRESS',
      1000,
      NOWHERE,
      3,
      ['reserveStock', 'charge', 'reserveFunds'],
    ],
  ] as const)(
    'compensates exactly the completed steps, in reverse, on %s',
    async (_name, code, amount, address, onHand, compensated) => {
      const sku = await stockItem(seller, onHand);
      const before = await wallet(buyer);
      const o = await orderSettled(buyer, seller, sku, amount, { address });
      expect(o).toMatchObject({ status: 'CANCELLED', code });
      expect(o.reason).toEqual(expect.any(String));
      const events = await sagaEvents(o.orderId);
      expect(events.filter((e) => e.startsWith('CompensationSucceeded')).map((e) => e.split(':')[1])).toEqual(
        compensated,
      );
      expect(await wallet(buyer)).toEqual(expect.objectContaining({ balance: before.balance, held: 0 }));
      expect((await stock(sku)).available).toBe(onHand);
    },
  );

  it('makes a retried order with the same Idempotency-Key one order', async () => {
    const sku = await stockItem(seller, 5);
    const key = randomUUID();
    const before = await wallet(buyer);
    const [a, b] = await Promise.all([
      orderSettled(buyer, seller, sku, 700, { key }),
      orderSettled(buyer, seller, sku, 700, { key }),
    ]);
    expect(a.orderId).toBe(b.orderId);
    expect(a.status).toBe('COMPLETED');
    expect((await wallet(buyer)).balance).toBe(before.balance - 700);
    expect((await stock(sku)).available).toBe(4);
  });

  it('20 concurrent orders for the last 5 units: exactly 5 complete, stock ends at 0, money is conserved', async () => {
    const sku = await stockItem(seller, 5);
    const buyers = await Promise.all(
      Array.from({ length: 4 }, () => ApiUser.register(system.url('gateway'), 'buyer')),
    );
    await Promise.all(buyers.map((b) => b.topUp(10_000)));
    const results = await Promise.all(
      buyers.flatMap((b) => Array.from({ length: 5 }, () => orderSettled(b, seller, sku, 1000))),
    );
    const completed = results.filter((r) => r.status === 'COMPLETED');
    expect(completed).toHaveLength(5);
    expect(
      results.filter((r) => r.status === 'CANCELLED').every((r) => r.code === 'WAREHOUSE.OUT_OF_STOCK'),
    ).toBe(true);
    expect(await stock(sku)).toMatchObject({ available: 0, onHand: 5, reserved: 5 });
    const wallets = await Promise.all(buyers.map(wallet));
    expect(wallets.every((w) => w.held === 0)).toBe(true);
    const total = wallets.reduce((sum, w) => sum + w.balance, 0);
    expect(total).toBe(4 * 10_000 - 5 * 1000);
    const ids = buyers.map((b) => b.userId);
    const captured = await db('wallet').query(
      'SELECT coalesce(sum(amount), 0)::bigint AS s FROM captures WHERE user_id = ANY($1)',
      [ids],
    );
    expect(Number(captured.rows[0].s)).toBe(5 * 1000);
  });
});
