import { randomUUID } from 'node:crypto';
import { closePools, db, waitFor } from '../support/env';
import { ApiUser, Order, placeOrder, stockItem } from './client';
import { System } from './system';

/** Crashes and outages in the middle of order sagas, with every service real. */
describe('order saga under faults', () => {
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  const system = new System({
    GAVEL_SAGA_STEP_TIMEOUT_MS: '1500',
    GAVEL_SAGA_RETRY_DELAY_MS: '200',
    GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '1500',
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
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  const orderOf = async (buyer: ApiUser, id: string) =>
    (await buyer.call<Order>('GET', `/orders/${id}`)).body;
  const sagaOf = async (id: string) =>
    (
      await admin.call<{ status: string; events: { type: string; data: { step?: string } }[] }>(
        'GET',
        `/admin/sagas/${id}`,
      )
    ).body;

  it('the orchestrator killed with SIGKILL mid-flight: after restart every order completes, once', async () => {
    const sku = await stockItem(seller, 10);
    const buyer = await ApiUser.register(system.url('gateway'), 'buyer');
    await buyer.topUp(50_000);
    // Production-like timeouts for this one: an outage shorter than a step's timeout must not cancel orders.
    await system.kill('orchestrator', 'SIGTERM');
    await system.startOne('orchestrator', {
      GAVEL_SAGA_STEP_TIMEOUT_MS: '20000',
      GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '20000',
    });
    const proceeds = async () =>
      (await seller.call<{ proceeds?: number }>('GET', '/wallet')).body.proceeds ?? 0;
    const proceedsBefore = await proceeds();
    const ids = await Promise.all(Array.from({ length: 10 }, () => placeOrder(buyer, seller, sku, 1000)));
    await system.kill('orchestrator', 'SIGKILL');
    await system.startOne('orchestrator');
    const finals = await waitFor(
      'every order to settle',
      async () => {
        const all = await Promise.all(ids.map((id) => orderOf(buyer, id)));
        return all.every((o) => o.status !== 'PENDING') && all;
      },
      90_000,
      500,
    );
    expect(finals.map((o) => o.status)).toEqual(Array(10).fill('COMPLETED'));
    expect((await buyer.call<{ balance: number; held: number }>('GET', '/wallet')).body).toMatchObject({
      balance: 40_000,
      held: 0,
    });
    const charges = await db('payment').query(
      'SELECT count(*)::int AS n FROM payments WHERE order_id = ANY($1)',
      [ids],
    );
    expect(charges.rows[0].n).toBe(10);
    // Each sale paid out once: 1000 minus the default 5 % fee.
    expect((await proceeds()) - proceedsBefore).toBe(10 * 950);
    for (const id of ids) {
      const steps = (await sagaOf(id)).events
        .filter((e) => e.type === 'StepSucceeded')
        .map((e) => e.data.step);
      expect(steps).toEqual(['reserveFunds', 'charge', 'reserveStock', 'bookDelivery', 'settle']);
    }
  });
});
