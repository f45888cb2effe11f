import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { registerAndLogin, RegisteredUser, startGateway } from '../gateway/gateway-harness';
import { closePools, uniqueId, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';

/** A private lot events topic, so real lot events and this test never mix. */
const LOT_TOPIC = 'gavel-test-live.lot.events';

interface Received {
  event: string;
  payload: {
    type: string;
    data: Record<string, unknown>;
    topic: string;
    partition: number;
    offset: string;
    time: string;
  };
}

/** A socket.io client that records everything it receives on /live. */
class LiveClient {
  readonly received: Received[] = [];
  readonly socket: Socket;
  constructor(url: string, token?: string) {
    this.socket = io(`${url}/live`, {
      transports: ['websocket'],
      auth: token ? { token } : {},
      reconnection: false,
    });
    this.socket.onAny((event: string, payload: Received['payload']) =>
      this.received.push({ event, payload }),
    );
  }
  async connected(): Promise<void> {
    if (this.socket.connected) return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }
  subscribe(lotId: string): Promise<{ ok: boolean }> {
    return this.socket.emitWithAck('subscribe', { lotId }) as Promise<{ ok: boolean }>;
  }
  of(lotId: string): Received[] {
    return this.received.filter((r) => r.payload?.data?.lotId === lotId);
  }
}

const publish = (lotId: string, events: { type: string; data: Record<string, unknown> }[]) =>
  produceRaw(
    LOT_TOPIC,
    events.map((e) => ({
      key: lotId,
      value: JSON.stringify(e),
      headers: { 'message-id': randomUUID(), type: e.type },
    })),
  );

describe('live WebSocket fan-out (gateway + socket.io + Kafka)', () => {
  let gateway: INestApplication;
  let url: string;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  const clients: LiveClient[] = [];
  const client = (token?: string) => {
    const c = new LiveClient(url, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    gateway = await startGateway({ GAVEL_LIVE_LOT_EVENTS_TOPIC: LOT_TOPIC });
    await gateway.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
    [alice, bob] = await Promise.all([
      registerAndLogin(gateway, 'buyer'),
      registerAndLogin(gateway, 'buyer'),
    ]);
    // The consumer reads from the end once it has joined: probe until an event gets through.
    const probe = client();
    await probe.connected();
    const lotId = uniqueId('probe');
    await probe.subscribe(lotId);
    await waitFor(
      'the live consumer to join',
      async () => {
        await publish(lotId, [{ type: 'BidPlaced', data: { lotId } }]);
        await new Promise((r) => setTimeout(r, 500));
        return probe.of(lotId).length > 0;
      },
      60_000,
      0,
    );
  });
  afterAll(async () => {
    for (const c of clients) c.socket.disconnect();
    await gateway?.close();
    await closePools();
  });

  it('watchers of a lot get BidPlaced, AuctionExtended, AuctionClosed in order; Outbid only reaches its user', async () => {
    const lotId = uniqueId('lot');
    const [a, b, anon, other] = [client(alice.token), client(bob.token), client(), client()];
    await Promise.all([a, b, anon, other].map((c) => c.connected()));
    for (const c of [a, b, anon]) expect(await c.subscribe(lotId)).toMatchObject({ ok: true });
    await other.subscribe(uniqueId('other-lot'));

    const bid = (bidId: string, bidderId: string, amount: string) => ({
      type: 'BidPlaced',
      data: {
        lotId,
        bidId,
        bidderId,
        amount,
        minimumNextBid: '0',
        endsAt: 'x',
        bidCount: 1,
        placedAt: 'x',
        proxy: false,
      },
    });
    await publish(lotId, [
      bid('b1', alice.userId, '1000'),
      bid('b2', bob.userId, '1100'),
      { type: 'Outbid', data: { lotId, userId: alice.userId, previousAmount: '1000', newAmount: '1100' } },
      { type: 'AuctionExtended', data: { lotId, previousEndsAt: 'a', endsAt: 'b', byBidId: 'b2' } },
      { type: 'LotCreated', data: { lotId } },
      {
        type: 'AuctionClosed',
        data: { lotId, sellerId: 's', sku: 'k', title: 't', outcome: 'UNSOLD', closedAt: 'x', buyNow: false },
      },
    ]);

    await waitFor(
      'AuctionClosed everywhere',
      async () => [a, b, anon].every((c) => c.of(lotId).some((r) => r.event === 'AuctionClosed')),
      20_000,
      50,
    );
    const roomEvents = ['BidPlaced', 'BidPlaced', 'AuctionExtended', 'AuctionClosed'];
    expect(a.of(lotId).map((r) => r.event)).toEqual([
      'BidPlaced',
      'BidPlaced',
      'Outbid',
      'AuctionExtended',
      'AuctionClosed',
    ]);
    expect(b.of(lotId).map((r) => r.event)).toEqual(roomEvents);
    expect(anon.of(lotId).map((r) => r.event)).toEqual(roomEvents);
    expect(other.of(lotId)).toEqual([]);

    const offsets = anon.of(lotId).map((r) => BigInt(r.payload.offset));
    expect([...offsets].sort((x, y) => (x < y ? -1 : 1))).toEqual(offsets);
    expect(anon.of(lotId)[1].payload).toMatchObject({
      type: 'BidPlaced',
      topic: LOT_TOPIC,
      data: { bidId: 'b2', amount: '1100' },
    });
    expect(new Date(anon.of(lotId)[0].payload.time).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(a.of(lotId)[2].payload.data).toMatchObject({ userId: alice.userId, newAmount: '1100' });
  });

  it('unsubscribe stops a lot; notifications reach only their user', async () => {
    const lotId = uniqueId('lot');
    const [a, b] = [client(alice.token), client(bob.token)];
    await Promise.all([a.connected(), b.connected()]);
    await a.subscribe(lotId);
    await b.subscribe(lotId);
    await b.socket.emitWithAck('unsubscribe', { lotId });
    const marker = uniqueId('n');
    await produceRaw('notification.events', [
      {
        key: bob.userId,
        value: JSON.stringify({
          type: 'NotificationCreated',
          data: { userId: bob.userId, notification: { id: marker } },
        }),
        headers: { 'message-id': randomUUID() },
      },
    ]);
    await publish(lotId, [{ type: 'BidPlaced', data: { lotId, bidId: 'x' } }]);
    await waitFor('the bid at alice', async () => a.of(lotId).length === 1, 20_000, 50);
    await waitFor(
      'the notification at bob',
      async () => b.received.some((r) => r.event === 'notification'),
      20_000,
      50,
    );
    const note = b.received.find((r) => r.event === 'notification');
    expect(note?.payload).toMatchObject({
      type: 'NotificationCreated',
      topic: 'notification.events',
      data: { notification: { id: marker } },
    });
    expect(b.of(lotId)).toEqual([]);
    expect(a.received.some((r) => r.event === 'notification' && r.payload.data.userId === bob.userId)).toBe(
      false,
    );
  });

  it('refuses a bad token and bad lot ids', async () => {
    const bad = client('not.a.jwt');
    const refused = new Promise<unknown>((resolve) => bad.socket.once('error', resolve));
    const closed = new Promise<string>((resolve) =>
      bad.socket.once('disconnect', (reason: string) => resolve(reason)),
    );
    // Told why, then disconnected by the server (not silently downgraded to an anonymous watcher).
    expect(await refused).toMatchObject({ code: 'AUTH.UNAUTHORIZED' });
    expect(await closed).toBe('io server disconnect');
    const anon = client();
    await anon.connected();
    expect(await anon.subscribe('bad lot id!')).toMatchObject({ ok: false, code: 'REQUEST.INVALID' });
  });
});
