import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { Topics } from '@app/contracts';
import { closePools, db, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';
import { Address, ApiUser, GOOD_ADDRESS, NOWHERE } from './client';
import { System } from './system';

interface LiveEvent {
  event: string;
  payload: {
    type: string;
    data: { lotId?: string; amount?: string; bidderId?: string; userId?: string; outcome?: string };
    offset: string;
  };
}

/** A bidding war through the gateway with every service real, watched live over the WebSocket. */
describe('auction end to end', () => {
  const system = new System({ GAVEL_BID_WAIT_MS: '10000', GAVEL_ORDER_WAIT_MS: '10000' });
  let seller: ApiUser;
  let alice: ApiUser;
  let bob: ApiUser;
  let poor: ApiUser;
  let socket: Socket;
  const live: LiveEvent[] = [];

  beforeAll(async () => {
    await system.start(['orchestrator', 'wallet', 'payment', 'warehouse', 'delivery', 'lot']);
    await system.start(['gateway']);
    const gw = system.url('gateway');
    [seller, alice, bob, poor] = await Promise.all([
      ApiUser.register(gw, 'seller'),
      ApiUser.register(gw, 'buyer'),
      ApiUser.register(gw, 'buyer'),
      ApiUser.register(gw, 'buyer'),
    ]);
    await Promise.all([alice.topUp(5000), bob.topUp(5000), poor.topUp(500)]);
    socket = io(`${gw}/live`, { transports: ['websocket'], reconnection: false });
    socket.onAny((event: string, payload: LiveEvent['payload']) => live.push({ event, payload }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    // The live consumer starts at the end of lot.events once it has joined: probe until an event gets through.
    const probe = `probe-${randomUUID()}`;
    await socket.emitWithAck('subscribe', { lotId: probe });
    await waitFor(
      'the live consumer to join',
      async () => {
        await produceRaw(Topics.lotEvents, [
          {
            key: probe,
            value: JSON.stringify({ type: 'BidPlaced', data: { lotId: probe } }),
            headers: { 'message-id': randomUUID() },
          },
        ]);
        await new Promise((r) => setTimeout(r, 500));
        return live.some((e) => e.payload?.data?.lotId === probe);
      },
      60_000,
      0,
    );
  });
  afterAll(async () => {
    socket?.disconnect();
    await system.stop();
    await closePools();
  });

  const bid = (who: ApiUser, lotId: string, amount: number, address: Address = GOOD_ADDRESS) =>
    who.call<{ code?: string; status?: string; bidId?: string }>('POST', `/lots/${lotId}/bids`, {
      amount,
      address,
    });

  async function lot(seconds: number, extra: object = {}): Promise<{ lotId: string; sku: string }> {
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    expect((await seller.call('POST', '/items', { sku, title: 'Vase', onHand: 1 })).status).toBe(201);
    const created = await seller.call<{ id: string }>('POST', '/lots', {
      title: 'Vase',
      description: 'A blue vase',
      sku,
      startPrice: 1000,
      increment: { kind: 'absolute', value: '100' },
      endsAt: new Date(Date.now() + seconds * 1000).toISOString(),
      softCloseWindowS: 1,
      softCloseExtensionS: 1,
      ...extra,
    });
    expect(created.status).toBe(201);
    return { lotId: created.body.id, sku };
  }

  const lotOf = async (lotId: string) =>
    (
      await seller.call<{
        status: string;
        outcome?: string;
        winnerId?: string;
        currentPrice: string;
        saleStatus?: string;
      }>('GET', `/lots/${lotId}`)
    ).body;
  const wallet = async (who: ApiUser) =>
    (await who.call<{ balance: number; held: number }>('GET', '/wallet')).body;

  it('runs a bidding war to a sold lot and the winner’s completed order', async () => {
    // No wallet yet (it opens with the registration, asynchronously) is no proceeds.
    const proceeds = async () =>
      (await seller.call<{ proceeds?: number }>('GET', '/wallet')).body.proceeds ?? 0;
    const proceedsBefore = await proceeds();
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    expect((await seller.call('POST', '/items', { sku, title: 'Clock', onHand: 1 })).status).toBe(201);
    const endsAt = new Date(Date.now() + 12_000).toISOString();
    const created = await seller.call<{ id: string }>('POST', '/lots', {
      title: 'Ship clock',
      description: 'A brass ship clock, wound weekly',
      sku,
      startPrice: 1000,
      increment: { kind: 'absolute', value: '100' },
      endsAt,
      softCloseWindowS: 3,
      softCloseExtensionS: 3,
    });
    expect(created.status).toBe(201);
    const lotId = created.body.id;
    await socket.emitWithAck('subscribe', { lotId });

    expect((await bid(alice, lotId, 1000)).status).toBe(201);
    const low = await bid(bob, lotId, 1000);
    expect(low.status).toBe(409);
    expect(low.body.code).toBe('LOT.BID_TOO_LOW');
    expect((await bid(bob, lotId, 1200)).status).toBe(201);
    const broke = await bid(poor, lotId, 1500);
    expect(broke.status).toBe(402);
    expect(broke.body.code).toBe('WALLET.INSUFFICIENT_FUNDS');
    const own = await bid(seller, lotId, 1600);
    expect([403, 422]).toContain(own.status);

    // The outbid leader's hold is released; the poor bidder holds nothing.
    await waitFor('alice’s hold released', async () => (await wallet(alice)).held === 0);
    expect(await wallet(poor)).toMatchObject({ balance: 500, held: 0 });
    expect((await wallet(bob)).held).toBe(1200);

    // The clock closes the lot; the winner's order charges the winning hold.
    await waitFor(
      'bob to be charged by the auction order',
      async () => {
        const w = await wallet(bob);
        return w.balance === 3800 && w.held === 0;
      },
      90_000,
      500,
    );
    const lot = (
      await alice.call<{ status: string; winnerId?: string; currentPrice: string }>('GET', `/lots/${lotId}`)
    ).body;
    expect(lot).toMatchObject({ winnerId: bob.userId, currentPrice: '1200' });
    expect((await seller.call<{ available: number }>('GET', `/items/${sku}`)).body.available).toBe(0);
    // The lot learns from OrderCompleted (it carries the lotId) that the sale went through.
    await waitFor(
      'the lot to learn the sale completed',
      async () => (await lotOf(lotId)).saleStatus === 'COMPLETED',
      60_000,
      250,
    );
    // The order completed by paying the seller out of escrow: 1200 minus the default 5 % fee.
    expect((await proceeds()) - proceedsBefore).toBe(1140);

    // After the close: 409, and no hold is left behind.
    const late = await bid(alice, lotId, 5000);
    const lateCode =
      late.status === 202
        ? // Still deciding when the gateway stopped waiting: the bid's own link tells the outcome.
          (
            await waitFor('the late bid to be decided', async () => {
              const b = await alice.call<{ status: string; code?: string }>(
                'GET',
                `/bids/${(late.body as { bidId?: string }).bidId}`,
              );
              return b.body.status !== 'PENDING' && b.body;
            })
          ).code
        : (expect(late.status).toBe(409), late.body.code);
    expect(lateCode).toBe('LOT.CLOSED');
    await waitFor('no hold left for alice', async () => (await wallet(alice)).held === 0);
    expect(await wallet(alice)).toMatchObject({ balance: 5000, held: 0 });

    // Everyone watching saw the war in order, ending with the close.
    const seen = await waitFor(
      'AuctionClosed on the socket',
      async () => {
        const mine = live.filter((e) => e.payload?.data?.lotId === lotId);
        return mine.some((e) => e.event === 'AuctionClosed') && mine;
      },
      30_000,
    );
    const bids = seen.filter((e) => e.event === 'BidPlaced').map((e) => e.payload.data.amount);
    expect(bids).toEqual(['1000', '1200']);
    expect(seen[seen.length - 1].event).toBe('AuctionClosed');
    expect(seen[seen.length - 1].payload.data.outcome).toBe('SOLD');
    const offsets = seen.map((e) => BigInt(e.payload.offset));
    expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('50 concurrent bidders: the highest bid leads, exactly one hold remains, money is conserved', async () => {
    const { lotId } = await lot(60);
    const gw = system.url('gateway');
    const bidders = await Promise.all(Array.from({ length: 50 }, () => ApiUser.register(gw, 'buyer')));
    await Promise.all(bidders.map((b) => b.topUp(20_000)));
    // Amounts a whole increment apart, in random order: the highest can never be "too low".
    const amounts = bidders.map((_, i) => 1000 + i * 100).sort(() => Math.random() - 0.5);
    const answers = await Promise.all(bidders.map((b, i) => bid(b, lotId, amounts[i])));
    // Each bid is decided at once (a first bid raises its allowance through a saga before it is decided).
    expect(answers.every((a) => [201, 409].includes(a.status))).toBe(true);
    const top = Math.max(...amounts);
    await waitFor(
      'the highest bid to lead',
      async () => (await lotOf(lotId)).currentPrice === String(top),
      60_000,
      250,
    );
    const ids = bidders.map((b) => b.userId);
    const settled = await waitFor(
      'every outbid allowance to be released, one hold left',
      async () => {
        const r = await db('wallet').query(
          `SELECT count(*) FILTER (WHERE status = 'ACTIVE')::int AS active, coalesce(sum(amount) FILTER (WHERE status = 'ACTIVE'), 0)::bigint AS held
         FROM holds WHERE user_id = ANY($1) AND reference LIKE 'allowance:%'`,
          [ids],
        );
        return r.rows[0].active === 1 && r.rows[0];
      },
      60_000,
      250,
    );
    expect(Number(settled.held)).toBe(top);
    const leader = bidders[amounts.indexOf(top)];
    expect((await lotOf(lotId)).currentPrice).toBe(String(top));
    const wallets = await db('wallet').query(
      `SELECT coalesce(sum(balance), 0)::bigint AS balance, coalesce(sum(held), 0)::bigint AS held FROM wallet_accounts WHERE user_id = ANY($1)`,
      [ids],
    );
    expect(Number(wallets.rows[0].balance)).toBe(50 * 20_000);
    expect(Number(wallets.rows[0].held)).toBe(top);
    expect((await leader.call<{ held: number }>('GET', '/wallet')).body.held).toBe(top);
  });

  it('reserve not met: no order, and the leader’s hold is released', async () => {
    const { lotId } = await lot(6, { reservePrice: 3000 });
    const buyer = await ApiUser.register(system.url('gateway'), 'buyer');
    await buyer.topUp(5000);
    expect((await bid(buyer, lotId, 1500)).status).toBe(201);
    await waitFor('the lot to close unsold', async () => (await lotOf(lotId)).status !== 'OPEN', 60_000, 250);
    expect(await lotOf(lotId)).toMatchObject({ outcome: 'UNSOLD' });
    await waitFor('the hold to be released', async () => (await wallet(buyer)).held === 0, 60_000, 250);
    expect(await wallet(buyer)).toMatchObject({ balance: 5000, held: 0 });
  });

  it('a winner who cannot be delivered to: the order compensates and the money comes back', async () => {
    const { lotId, sku } = await lot(6);
    const buyer = await ApiUser.register(system.url('gateway'), 'buyer');
    await buyer.topUp(5000);
    expect((await bid(buyer, lotId, 2000, NOWHERE)).status).toBe(201);
    await waitFor('the lot to close', async () => (await lotOf(lotId)).status !== 'OPEN', 60_000, 250);
    expect(await lotOf(lotId)).toMatchObject({ outcome: 'SOLD', winnerId: buyer.userId });
    await waitFor(
      'the funds to come back',
      async () => {
        const w = await wallet(buyer);
        return w.held === 0 && w.balance === 5000;
      },
      90_000,
      500,
    );
    expect((await seller.call<{ available: number }>('GET', `/items/${sku}`)).body.available).toBe(1);
    // The lot learns from the order's OrderCancelled that its sale failed, and why.
    const failed = await waitFor(
      'the lot to learn the sale failed',
      async () => {
        const l = await lotOf(lotId);
        return l.saleStatus === 'FAILED' && l;
      },
      60_000,
      250,
    );
    expect(failed).toMatchObject({
      saleFailureCode: 'DELIVERY.UNDELIVERABLE_ADDRESS',
      saleFailureReason: expect.stringContaining('ZZ'),
    });
  });
});
