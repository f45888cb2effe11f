import { randomUUID } from 'node:crypto';
import { closePools, waitFor } from '../support/env';
import { Address, ApiUser, GOOD_ADDRESS, NOWHERE } from './client';
import { System } from './system';

interface LotView {
  id: string;
  status: string;
  stage: string;
  title: string;
  sku: string;
  onFailedSale: string;
  saleStatus?: string;
  saleFailureCode?: string;
  buyerId?: string;
  failedSaleOutcome?: string;
  relistedAsLotId?: string;
  relistedFromLotId?: string;
  secondChance?: { bidderId: string; amount: string; status: string; expiresAt: string; orderId?: string };
}
interface OrderView {
  orderId: string;
  status: string;
  buyerId: string;
  amount: string;
  code: string | null;
  payout: string | null;
}
interface Notification {
  kind: string;
  title: string;
  body: string;
}
interface ErrorBody {
  code: string;
  details?: { status?: string; required?: number; spendable?: number };
}

/**
 * A failed sale, every service real (gateway, orchestrator, lot, wallet, payment, warehouse, delivery,
 * notification; Kafka, Debezium): the winner bids with an address delivery refuses, so their order is
 * cancelled (DELIVERY.UNDELIVERABLE_ADDRESS) and every cent comes back; the lot then offers itself to the
 * runner-up at their last bid for GAVEL_SECOND_CHANCE_WINDOW. Accepted: the runner-up's own order holds
 * their funds afresh and completes, the lot is SOLD_TO_RUNNER_UP and the seller is paid that bid − 5 %.
 * Declined: the lot is relisted as a new auction (the seller's choice). Left to expire: closed unsold. The
 * wallet's ledger reconciles after each.
 */
describe('a failed sale: a second chance for the runner-up (gateway → every service)', () => {
  const adminLogin = { email: `admin-${randomUUID()}@gavel.test`, password: randomUUID() };
  const system = new System({
    GAVEL_BID_WAIT_MS: '10000',
    GAVEL_PLATFORM_FEE_BPS: '500',
    GAVEL_SECOND_CHANCE_WINDOW: 'PT30S',
    GAVEL_ADMIN_EMAIL: adminLogin.email,
    GAVEL_ADMIN_PASSWORD: adminLogin.password,
  });
  let seller: ApiUser;
  let admin: ApiUser;

  beforeAll(async () => {
    await system.start(['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery', 'lot', 'notification']);
    await system.start(['gateway']);
    const gw = system.url('gateway');
    seller = await ApiUser.register(gw, 'seller');
    admin = await ApiUser.login(gw, adminLogin.email, adminLogin.password);
    await waitFor("the seller's wallet", async () => (await seller.call('GET', '/wallet')).status === 200);
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  const buyer = async (deposit: number): Promise<ApiUser> => {
    const user = await ApiUser.register(system.url('gateway'), 'buyer');
    await user.topUp(deposit);
    return user;
  };
  const bid = async (who: ApiUser, lotId: string, amount: number, address: Address) => {
    const res = await who.call<{ status?: string }>('POST', `/lots/${lotId}/bids`, { amount, address });
    expect(res.status).toBe(201);
  };
  const lotOf = async (who: ApiUser, lotId: string) =>
    (await who.call<LotView>('GET', `/lots/${lotId}`)).body;
  const walletOf = async (who: ApiUser) =>
    (await who.call<{ balance: number; held: number; proceeds?: number }>('GET', '/wallet')).body;
  const notificationsOf = async (who: ApiUser) =>
    (await who.call<{ items: Notification[] }>('GET', '/notifications?limit=100')).body.items;
  const told = (who: ApiUser, kind: string) =>
    waitFor(
      `${kind} for ${who.userId}`,
      async () => (await notificationsOf(who)).find((n) => n.kind === kind),
      60_000,
      250,
    );
  const answer = (who: ApiUser, lotId: string, what: 'accept' | 'decline', body?: object) =>
    who.call<LotView & ErrorBody>('POST', `/lots/${lotId}/second-chance/${what}`, body ?? {});

  async function reconciled(): Promise<void> {
    const res = await admin.call<{ ok: boolean; checks: { name: string; ok: boolean }[] }>(
      'GET',
      '/admin/ledger/reconciliation',
    );
    expect(res.status).toBe(200);
    expect(res.body.checks.filter((c) => !c.ok)).toEqual([]);
    expect(res.body.ok).toBe(true);
  }

  /**
   * A lot whose runner-up (1000, a good address) is outbid by a winner (1200, an address delivery refuses);
   * returns once the winner's order failed and the lot made its next move.
   */
  async function failedSale(
    onFailedSale?: string,
  ): Promise<{ lotId: string; sku: string; runnerUp: ApiUser; winner: ApiUser; failed: LotView }> {
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    expect((await seller.call('POST', '/items', { sku, title: 'Lamp', onHand: 1 })).status).toBe(201);
    const created = await seller.call<LotView>('POST', '/lots', {
      title: 'Brass lamp',
      description: 'A brass desk lamp',
      sku,
      startPrice: 1000,
      increment: { kind: 'absolute', value: '100' },
      endsAt: new Date(Date.now() + 10_000).toISOString(),
      softCloseWindowS: 1,
      softCloseExtensionS: 1,
      ...(onFailedSale ? { onFailedSale } : {}),
    });
    expect(created.status).toBe(201);
    const lotId = created.body.id;
    expect(created.body).toMatchObject({
      stage: 'OPEN',
      onFailedSale: onFailedSale ?? 'second_chance_then_close',
    });
    const [runnerUp, winner] = await Promise.all([buyer(5000), buyer(5000)]);
    await bid(runnerUp, lotId, 1000, GOOD_ADDRESS);
    await bid(winner, lotId, 1200, NOWHERE);
    const failed = await waitFor(
      'the winner’s order to fail and the lot to move on',
      async () => {
        const lot = await lotOf(seller, lotId);
        return lot.saleStatus === 'FAILED' && lot.stage !== 'SALE_FAILED' && lot;
      },
      120_000,
      500,
    );
    expect(failed).toMatchObject({ saleFailureCode: 'DELIVERY.UNDELIVERABLE_ADDRESS' });
    // The winner got every cent back; the runner-up's allowance was released when the auction closed.
    await waitFor(
      'the winner refunded and the runner-up holding nothing',
      async () => {
        const [w, r] = await Promise.all([walletOf(winner), walletOf(runnerUp)]);
        return w.balance === 5000 && w.held === 0 && r.balance === 5000 && r.held === 0;
      },
      60_000,
      250,
    );
    return { lotId, sku, runnerUp, winner, failed };
  }

  it('accepted: the runner-up’s order holds their bid afresh and completes; the lot is sold to them', async () => {
    const proceedsBefore = (await walletOf(seller)).proceeds ?? 0;
    const { lotId, sku, runnerUp, winner, failed } = await failedSale();
    expect(failed).toMatchObject({
      stage: 'SECOND_CHANCE_OFFERED',
      secondChance: {
        bidderId: runnerUp.userId,
        amount: '1000',
        status: 'OFFERED',
        expiresAt: expect.any(String),
      },
    });

    // Only the runner-up may answer.
    const stranger = await answer(winner, lotId, 'accept');
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('LOT.SECOND_CHANCE_NOT_YOURS');

    const accepted = await answer(runnerUp, lotId, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      stage: 'SECOND_CHANCE_ACCEPTED',
      secondChance: { status: 'ACCEPTED' },
    });
    const again = await answer(runnerUp, lotId, 'accept');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'LOT.SECOND_CHANCE_ANSWERED', details: { status: 'ACCEPTED' } });

    const sold = await waitFor(
      'the lot sold to the runner-up',
      async () => {
        const lot = await lotOf(runnerUp, lotId);
        return lot.stage === 'SOLD_TO_RUNNER_UP' && lot;
      },
      120_000,
      500,
    );
    expect(sold).toMatchObject({
      buyerId: runnerUp.userId,
      failedSaleOutcome: 'SOLD_TO_RUNNER_UP',
      secondChance: { status: 'COMPLETED', orderId: expect.any(String) },
    });
    // Their order, at their bid; the failed winner still reads their own cancelled one.
    const order = (await runnerUp.call<OrderView>('GET', `/lots/${lotId}/order`)).body;
    expect(order).toMatchObject({
      orderId: sold.secondChance?.orderId,
      status: 'COMPLETED',
      buyerId: runnerUp.userId,
      amount: '1000',
      payout: '950',
    });
    expect((await winner.call<OrderView>('GET', `/lots/${lotId}/order`)).body).toMatchObject({
      status: 'CANCELLED',
      code: 'DELIVERY.UNDELIVERABLE_ADDRESS',
    });
    // The money: the runner-up paid 1000, the seller got 1000 − 5 %, the item left the warehouse.
    expect(await walletOf(runnerUp)).toMatchObject({ balance: 4000, held: 0 });
    expect(await walletOf(winner)).toMatchObject({ balance: 5000, held: 0 });
    expect(((await walletOf(seller)).proceeds ?? 0) - proceedsBefore).toBe(950);
    expect((await seller.call<{ available: number }>('GET', `/items/${sku}`)).body.available).toBe(0);

    // Everyone was told.
    expect((await told(runnerUp, 'auction.second_chance_offered')).body).toContain('if you accept by');
    expect((await told(winner, 'auction.purchase_failed')).body).toContain('offered to another bidder');
    expect((await told(seller, 'auction.second_chance_made')).title).toBe('Offered to the next bidder');
    await told(runnerUp, 'auction.second_chance_accepted');
    await waitFor('the seller told of the sale to the runner-up', async () =>
      (await notificationsOf(seller)).some(
        (n) => n.title === 'Sold to the next bidder' && n.body.includes('Brass lamp'),
      ),
    );
    await reconciled();
  });

  it('declined: the lot is relisted as a new auction; funds short of the bid are refused first', async () => {
    const { lotId, runnerUp, failed } = await failedSale('second_chance_then_relist');
    expect(failed).toMatchObject({
      stage: 'SECOND_CHANCE_OFFERED',
      secondChance: { bidderId: runnerUp.userId },
    });

    // The runner-up's money went to another lot meanwhile: 4500 held there, 500 spendable, short of 1000.
    const other = await seller.call<LotView>('POST', '/lots', {
      title: 'Other lamp',
      description: 'Another lamp',
      sku: `sku-${randomUUID().slice(0, 8)}`,
      startPrice: 4500,
      increment: { kind: 'absolute', value: '100' },
      endsAt: new Date(Date.now() + 600_000).toISOString(),
    });
    expect(other.status).toBe(201);
    await bid(runnerUp, other.body.id, 4500, GOOD_ADDRESS);
    const short = await answer(runnerUp, lotId, 'accept');
    expect(short.status).toBe(402);
    expect(short.body).toMatchObject({
      code: 'WALLET.INSUFFICIENT_FUNDS',
      details: { required: 1000, spendable: 500 },
    });
    expect((await lotOf(seller, lotId)).secondChance?.status).toBe('OFFERED');

    const declined = await answer(runnerUp, lotId, 'decline');
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      stage: 'RELISTED',
      failedSaleOutcome: 'RELISTED',
      secondChance: { status: 'DECLINED' },
      relistedAsLotId: expect.any(String),
    });
    const relisted = await lotOf(seller, declined.body.relistedAsLotId ?? '');
    expect(relisted).toMatchObject({
      status: 'OPEN',
      stage: 'OPEN',
      title: 'Brass lamp',
      sku: failed.sku,
      onFailedSale: 'second_chance_then_relist',
      relistedFromLotId: lotId,
    });
    expect((await answer(runnerUp, lotId, 'accept')).body).toMatchObject({
      code: 'LOT.SECOND_CHANCE_ANSWERED',
      details: { status: 'DECLINED' },
    });
    await waitFor('the seller told of the decline', async () =>
      (await notificationsOf(seller)).some(
        (n) => n.title === 'Second chance declined' && n.body.includes('relisted'),
      ),
    );
    await reconciled();
  });

  it('left to expire: the lot closes unsold and the runner-up is told', async () => {
    const { lotId, runnerUp, failed } = await failedSale();
    expect(failed.stage).toBe('SECOND_CHANCE_OFFERED');
    const closed = await waitFor(
      'the offer to expire (30 s)',
      async () => {
        const lot = await lotOf(seller, lotId);
        return lot.stage === 'CLOSED_UNSOLD' && lot;
      },
      90_000,
      500,
    );
    expect(closed).toMatchObject({ failedSaleOutcome: 'CLOSED_UNSOLD', secondChance: { status: 'EXPIRED' } });
    const late = await answer(runnerUp, lotId, 'accept');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('LOT.SECOND_CHANCE_EXPIRED');
    expect((await told(runnerUp, 'auction.second_chance_ended')).title).toBe('Second chance expired');
    expect(await walletOf(runnerUp)).toMatchObject({ balance: 5000, held: 0 });
    await reconciled();
  });
});
