import { auctionOrderId } from '../../apps/orchestrator/src/sagas/auction-order/auction-saga-ids';
import { closePools, db, waitFor } from '../support/env';
import { ApiUser, GOOD_ADDRESS, Order, placeOrder, stockItem } from './client';
import { System } from './system';

interface StoredEvent {
  type: string;
  data: { step?: string; phase?: string; action?: string; resolution?: string; commandId?: string };
}

/**
 * Participants that are down for a while, with every service real: a slow or absent participant delays
 * a saga, it does not fail it; a late answer is recorded and acted on. Timeouts are short here (1.5 s per
 * attempt, an incident after 3 unanswered attempts), so "down past several timeouts" takes seconds.
 */
describe('outages are not failures', () => {
  const system = new System({
    GAVEL_SAGA_STEP_TIMEOUT_MS: '1500',
    GAVEL_SAGA_COMPENSATION_TIMEOUT_MS: '1500',
    GAVEL_SAGA_RETRY_DELAY_MS: '200',
    GAVEL_SAGA_RETRY_MAX_DELAY_MS: '1000',
    GAVEL_SAGA_INCIDENT_AFTER_ATTEMPTS: '3',
    GAVEL_BID_FUNDS_DEADLINE_MS: '3000',
    GAVEL_BID_WAIT_MS: '10000',
    GAVEL_ORDER_WAIT_MS: '0',
    GAVEL_KAFKA_SESSION_TIMEOUT_MS: '8000',
  });
  let seller: ApiUser;

  beforeAll(async () => {
    await system.start(['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery', 'lot']);
    await system.start(['gateway']);
    seller = await ApiUser.register(system.url('gateway'), 'seller');
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  const gateway = () => system.url('gateway');
  const history = async (sagaId: string): Promise<StoredEvent[]> =>
    (
      await db('orchestrator').query(`SELECT type, data FROM saga_events WHERE saga_id = $1 ORDER BY seq`, [
        sagaId,
      ])
    ).rows;
  const sagaStatus = async (sagaId: string): Promise<string | undefined> =>
    (await db('orchestrator').query(`SELECT status FROM sagas WHERE id = $1`, [sagaId])).rows[0]?.status;
  const has = (events: StoredEvent[], type: string, step?: string) =>
    events.some((e) => e.type === type && (!step || e.data.step === step));
  const orderOf = async (buyer: ApiUser, id: string) =>
    (await buyer.call<Order & { code?: string }>('GET', `/orders/${id}`)).body;
  const wallet = async (who: ApiUser) =>
    (await who.call<{ balance: number; held: number }>('GET', '/wallet')).body;

  it('a participant down past several timeouts, then back: the order completes without compensation', async () => {
    const sku = await stockItem(seller, 2);
    const buyer = await ApiUser.register(gateway(), 'buyer');
    await buyer.topUp(10_000);
    await system.kill('delivery', 'SIGKILL');
    const id = await placeOrder(buyer, seller, sku, 2_000);

    const raised = await waitFor(
      'an incident on bookDelivery',
      async () => {
        const events = await history(id);
        return has(events, 'IncidentRaised', 'bookDelivery') && events;
      },
      60_000,
      250,
    );
    const attempts = raised.filter((e) => e.type === 'StepCommandIssued' && e.data.step === 'bookDelivery');
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(attempts.map((e) => e.data.commandId)).size).toBe(1);
    expect(await sagaStatus(id)).toBe('RUNNING');
    expect((await orderOf(buyer, id)).status).toBe('PENDING');

    await system.startOne('delivery');
    const done = await waitFor(
      'the order to complete',
      async () => {
        const o = await orderOf(buyer, id);
        return o.status === 'COMPLETED' && o;
      },
      90_000,
      250,
    );
    expect(done.status).toBe('COMPLETED');
    const events = await history(id);
    expect(has(events, 'CompensationStarted')).toBe(false);
    expect(events.find((e) => e.type === 'IncidentResolved')?.data).toMatchObject({
      step: 'bookDelivery',
      resolution: 'answered',
    });
    const bookings = await db('delivery').query(
      `SELECT count(*)::int AS n FROM bookings WHERE order_id = $1`,
      [id],
    );
    expect(bookings.rows[0].n).toBe(1);
    expect(await wallet(buyer)).toMatchObject({ balance: 8_000, held: 0 });
  });

  it('a compensation target down for a while: an incident, no terminal failure, then it resolves itself', async () => {
    const sku = await stockItem(seller, 0);
    const buyer = await ApiUser.register(gateway(), 'buyer');
    await buyer.topUp(10_000);
    // Hold the saga at reserveStock, then take the wallet away before the warehouse refuses.
    await system.kill('warehouse', 'SIGKILL');
    const id = await placeOrder(buyer, seller, sku, 3_000);
    await waitFor(
      'reserveStock to be asked',
      async () => has(await history(id), 'StepCommandIssued', 'reserveStock'),
      60_000,
      200,
    );
    await system.kill('wallet', 'SIGKILL');
    await system.startOne('warehouse');

    const raised = await waitFor(
      'an incident on the hold release',
      async () => {
        const events = await history(id);
        return (
          events.some(
            (e) =>
              e.type === 'IncidentRaised' &&
              e.data.phase === 'compensation' &&
              e.data.step === 'reserveFunds',
          ) && events
        );
      },
      60_000,
      250,
    );
    expect(has(raised, 'StepFailed', 'reserveStock')).toBe(true);
    expect(has(raised, 'CompensationSucceeded', 'charge')).toBe(true);
    // Still trying: no terminal failure while the wallet is away.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await sagaStatus(id)).toBe('COMPENSATING');
    expect(has(await history(id), 'CompensationFailed')).toBe(false);

    await system.startOne('wallet');
    const cancelled = await waitFor(
      'the order to be cancelled',
      async () => {
        const o = await orderOf(buyer, id);
        return o.status === 'CANCELLED' && o;
      },
      90_000,
      250,
    );
    expect(cancelled.code).toBe('WAREHOUSE.OUT_OF_STOCK');
    const events = await history(id);
    // Each incident resolved by its answer: the hold release last (and reserveStock before it, if the
    // warehouse stayed away long enough to raise one).
    const resolved = events
      .filter((e) => e.type === 'IncidentResolved')
      .map((e) => [e.data.step, e.data.resolution]);
    expect(resolved[resolved.length - 1]).toEqual(['reserveFunds', 'answered']);
    expect(resolved.every(([, how]) => how === 'answered')).toBe(true);
    expect(await sagaStatus(id)).toBe('COMPENSATED');
    expect(await wallet(buyer)).toMatchObject({ balance: 10_000, held: 0 });
  });

  async function lot(seconds: number): Promise<string> {
    const sku = await stockItem(seller, 1);
    const created = await seller.call<{ id: string }>('POST', '/lots', {
      title: 'Barometer',
      description: 'A brass barometer',
      sku,
      startPrice: 1000,
      increment: { kind: 'absolute', value: '100' },
      endsAt: new Date(Date.now() + seconds * 1000).toISOString(),
      softCloseWindowS: 1,
      softCloseExtensionS: 1,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('a bid whose allowance is not held in time is answered "not placed"; the hold that appears later is released', async () => {
    const lotId = await lot(300);
    const bidder = await ApiUser.register(gateway(), 'buyer');
    await bidder.topUp(5_000);
    await system.kill('wallet', 'SIGKILL');
    let walletBack = false;
    try {
      const answer = await bidder.call<{
        code: string;
        details: { bidId: string; allowanceId: string; cause: string };
      }>('POST', `/lots/${lotId}/bids`, { amount: 1000, address: GOOD_ADDRESS });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({
        code: 'BID.NOT_PLACED',
        details: { cause: 'SAGA.STEP_TIMEOUT' },
      });
      const { bidId, allowanceId } = answer.body.details;
      // Nothing was decided for the bid.
      expect((await bidder.call('GET', `/bids/${bidId}`)).status).toBe(404);

      await system.startOne('wallet');
      walletBack = true;
      const late = await waitFor(
        'the late hold to be recorded and released',
        async () => {
          const events = await history(allowanceId);
          return (await sagaStatus(allowanceId)) === 'COMPENSATED' && events;
        },
        90_000,
        250,
      );
      expect(late.find((e) => e.type === 'LateReplyRecorded')?.data).toMatchObject({
        step: 'holdFunds',
        phase: 'forward',
        action: 'covered',
      });
      const holds = await db('wallet').query(`SELECT status FROM holds WHERE reference = $1`, [
        `allowance:${lotId}:${bidder.userId}`,
      ]);
      expect(holds.rows).toEqual([{ status: 'RELEASED' }]);
      expect(await wallet(bidder)).toMatchObject({ balance: 5_000, held: 0 });
    } finally {
      if (!walletBack) await system.startOne('wallet');
    }
  });

  it("an auction closed while the wallet is down: the winner's order completes once the wallet returns", async () => {
    const lotId = await lot(8);
    const winner = await ApiUser.register(gateway(), 'buyer');
    await winner.topUp(5_000);
    expect(
      (await winner.call('POST', `/lots/${lotId}/bids`, { amount: 1200, address: GOOD_ADDRESS })).status,
    ).toBe(201);
    await system.kill('wallet', 'SIGKILL');

    const orderId = auctionOrderId(lotId);
    await waitFor(
      'the auction order to raise an incident on adoptHold',
      async () => has(await history(orderId), 'IncidentRaised', 'adoptHold'),
      90_000,
      250,
    );
    expect(await sagaStatus(orderId)).toBe('RUNNING');

    await system.startOne('wallet');
    await waitFor(
      'the auction order to complete',
      async () => (await sagaStatus(orderId)) === 'COMPLETED',
      90_000,
      250,
    );
    const events = await history(orderId);
    expect(has(events, 'CompensationStarted')).toBe(false);
    expect(await wallet(winner)).toMatchObject({ balance: 3_800, held: 0 });
  });
});
