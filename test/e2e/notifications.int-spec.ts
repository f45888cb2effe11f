import { closePools, waitFor } from '../support/env';
import { ApiUser } from './client';
import { System } from './system';

interface Page {
  items: { id: string; kind: string; read: boolean }[];
  total: number;
  unread: number;
}

/**
 * A deposit becomes the user's notification (outbox → Debezium → Kafka → notification), read through
 * the gateway.
 */
describe('notifications through the gateway', () => {
  const system = new System();
  let alice: ApiUser;
  let bob: ApiUser;

  beforeAll(async () => {
    await system.start(['wallet', 'notification']);
    await system.start(['gateway']);
    [alice, bob] = await Promise.all([
      ApiUser.register(system.url('gateway'), 'buyer'),
      ApiUser.register(system.url('gateway'), 'buyer'),
    ]);
  });
  afterAll(async () => {
    await system.stop();
    await closePools();
  });

  it('shows only the caller’s notifications, with an unread count, and marks them read', async () => {
    await alice.topUp(1234);
    const page = await waitFor(
      'the deposit notification',
      async () => {
        const res = await alice.call<Page>('GET', '/notifications');
        return res.status === 200 && res.body.items.some((n) => n.kind === 'deposit.credited') && res.body;
      },
      60_000,
      250,
    );
    expect(page.unread).toBeGreaterThanOrEqual(1);
    const note = page.items.find((n) => n.kind === 'deposit.credited')!;
    expect(
      (await bob.call<Page>('GET', '/notifications')).body.items.find((n) => n.id === note.id),
    ).toBeUndefined();
    expect((await bob.call('POST', `/notifications/${note.id}/read`)).status).toBe(404);
    expect((await alice.call('POST', `/notifications/${note.id}/read`)).status).toBe(204);
    expect((await alice.call('POST', '/notifications/read-all')).status).toBe(200);
    expect((await alice.call<Page>('GET', '/notifications')).body.unread).toBe(0);
  });
});
