import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { Topics } from '@app/contracts';
import { closePools, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';
import { ApiUser, GOOD_ADDRESS } from './client';
import { System } from './system';

interface LiveEvent {
  event: string;
  payload: { type: string; data: { lotId?: string; amount?: string; bidderId?: string; userId?: string; outcome?: string }; offset: string };
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
    await waitFor('the live consumer to join', async () => {
      await produceRaw(Topics.lotEvents, [{ key: probe, value: JSON.stringify({ type: 'BidPlaced', data: { lotId: probe } }), headers: { 'message-id': randomUUID() } }]);
      await new Promise((r) => setTimeout(r, 500));
      return live.some((e) => e.payload?.data?.lotId === probe);
    }, 60_000, 0);
  });
  afterAll(async () => {
    socket?.disconnect();
    await system.stop();
    await closePools();
  });

  const bid = (who: ApiUser, lotId: string, amount: number) =>
    who.call<{ code?: string; status?: string }>('POST', `/lots/${lotId}/bids`, { amount, address: GOOD_ADDRESS });
  const wallet = async (who: ApiUser) => (await who.call<{ balance: number; held: number }>('GET', '/wallet')).body;

  it('runs a bidding war to a sold lot and the winner’s completed order', async () => {
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
    await waitFor('bob to be charged by the auction order', async () => {
      const w = await wallet(bob);
      return w.balance === 3800 && w.held === 0;
    }, 90_000, 500);
    const lot = (await alice.call<{ status: string; winnerId?: string; currentPrice: string }>('GET', `/lots/${lotId}`)).body;
    expect(lot).toMatchObject({ winnerId: bob.userId, currentPrice: '1200' });
    expect((await seller.call<{ available: number }>('GET', `/items/${sku}`)).body.available).toBe(0);

    // After the close: 409, and no hold is left behind.
    const late = await bid(alice, lotId, 5000);
    const lateCode =
      late.status === 202
        ? // Still deciding when the gateway stopped waiting: the bid's own link tells the outcome.
          (
            await waitFor('the late bid to be decided', async () => {
              const b = await alice.call<{ status: string; code?: string }>('GET', `/bids/${(late.body as { bidId?: string }).bidId}`);
              return b.body.status !== 'PENDING' && b.body;
            })
          ).code
        : (expect(late.status).toBe(409), late.body.code);
    expect(lateCode).toBe('LOT.CLOSED');
    await waitFor('no hold left for alice', async () => (await wallet(alice)).held === 0);
    expect(await wallet(alice)).toMatchObject({ balance: 5000, held: 0 });

    // Everyone watching saw the war in order, ending with the close.
    const seen = await waitFor('AuctionClosed on the socket', async () => {
      const mine = live.filter((e) => e.payload?.data?.lotId === lotId);
      return mine.some((e) => e.event === 'AuctionClosed') && mine;
    }, 30_000);
    const bids = seen.filter((e) => e.event === 'BidPlaced').map((e) => e.payload.data.amount);
    expect(bids).toEqual(['1000', '1200']);
    expect(seen[seen.length - 1].event).toBe('AuctionClosed');
    expect(seen[seen.length - 1].payload.data.outcome).toBe('SOLD');
    const offsets = seen.map((e) => BigInt(e.payload.offset));
    expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });
});
