import { INestApplication } from '@nestjs/common';
import { Topics } from '@app/contracts';
import { AppModule } from '../../apps/telegram-alerter/src/app.module';
import { startInProcess } from '../support/apps';
import { closePools, sleep, uniqueId, waitFor } from '../support/env';
import { produceRaw } from '../support/kafka-tap';
import {
  alerterEnv,
  deliveriesOf,
  linkOf,
  lotCreated,
  newChats,
  publishLotCreated,
  sendCommand,
  subscriberStates,
  telegramDb,
} from './support/alerter';
import { FakeBotApi } from './support/fake-bot-api';

/**
 * telegram-alerter in process, against real PostgreSQL (schema telegram) and Kafka (lot.events), with a
 * local Bot API server standing in for Telegram.
 */
describe('telegram-alerter', () => {
  const api = new FakeBotApi();
  let app: INestApplication;
  const subscribed: number[] = [];

  beforeAll(async () => {
    await api.start();
    Object.assign(process.env, alerterEnv(api));
    app = await startInProcess(AppModule);
  });
  afterAll(async () => {
    // Leave no active test chats behind for later runs.
    await sendCommand(api, subscribed, '/stop', false).catch(() => undefined);
    await app?.close();
    await api.stop();
    await closePools();
  });

  async function subscribe(n: number): Promise<number[]> {
    const chats = newChats(n);
    await sendCommand(api, chats, '/start', true);
    subscribed.push(...chats);
    return chats;
  }

  /** Waits until each chat received the lot's announcement, then a while longer for any duplicate. */
  async function deliveredOnce(lotId: string, chats: number[]): Promise<void> {
    await waitFor(
      `${lotId} delivered to ${chats.length} chats`,
      async () => chats.every((c) => api.deliveredTo(c, linkOf(lotId)).length > 0),
      60_000,
    );
    await sleep(1500);
    for (const chat of chats) expect(api.deliveredTo(chat, linkOf(lotId))).toHaveLength(1);
  }

  it('persists /start and /stop, and answers /lots with the open lots it knows', async () => {
    const [chat] = newChats(1);
    api.userWrites(chat, '/start');
    await waitFor('the subscription', async () => (await subscriberStates([chat])).get(chat) === true);
    await waitFor('the welcome', async () => api.deliveredTo(chat, 'Subscribed').length === 1);
    const { rows } = await telegramDb().query(
      `SELECT active, subscribed_at FROM subscribers WHERE chat_id = $1`,
      [chat],
    );
    expect(rows).toEqual([{ active: true, subscribed_at: expect.any(Date) }]);

    const lot = lotCreated(uniqueId('lot'), {
      title: 'Pocket watch',
      startPrice: '9999',
      buyNowPrice: '50000',
    });
    await publishLotCreated(lot);
    const [announcement] = await waitFor(
      'the announcement',
      async () =>
        api.deliveredTo(chat, linkOf(lot.lotId)).length > 0 && api.deliveredTo(chat, linkOf(lot.lotId)),
    );
    expect(announcement.text).toBe(
      [
        'New lot: Pocket watch',
        'Starting price: 99.99 USD',
        'Buy now: 500.00 USD',
        `Ends: ${lot.endsAt.slice(0, 16).replace('T', ' ')} UTC`,
        linkOf(lot.lotId),
      ].join('\n'),
    );

    api.userWrites(chat, '/lots');
    const [list] = await waitFor(
      'the /lots reply',
      async () => api.deliveredTo(chat, 'Open lots').length > 0 && api.deliveredTo(chat, 'Open lots'),
    );
    expect(list.text).toContain(`Pocket watch: from 99.99 USD`);
    expect(list.text.split('\n').filter((l) => /^\d+\. /.test(l)).length).toBeLessThanOrEqual(10);

    api.userWrites(chat, '/stop');
    await waitFor('the unsubscription', async () => (await subscriberStates([chat])).get(chat) === false);
    await waitFor('the goodbye', async () => api.deliveredTo(chat, 'Unsubscribed').length === 1);

    const later = lotCreated();
    await publishLotCreated(later);
    await waitFor(
      'the later lot to be recorded',
      async () =>
        (await telegramDb().query(`SELECT 1 FROM known_lots WHERE lot_id = $1`, [later.lotId])).rowCount ===
        1,
    );
    expect(await deliveriesOf(later.lotId)).not.toContainEqual(expect.objectContaining({ chat_id: chat }));
  });

  it('delivers a new lot exactly once to each subscriber despite 429s, pausing as long as Telegram says', async () => {
    const chats = await subscribe(10);
    const lot = lotCreated();
    const firstCall = api.sends.length;
    api.tooManyRequests(3, 1);
    await publishLotCreated(lot);
    await deliveredOnce(lot.lotId, chats);

    const calls = api.sends.slice(firstCall);
    const limited = calls.filter((c) => c.status === 429);
    expect(limited).toHaveLength(3);
    for (const refusal of limited) {
      const next = calls.find((c) => c.at > refusal.at);
      expect(next).toBeDefined();
      expect(next!.at - refusal.at).toBeGreaterThanOrEqual(1000 - 25);
    }
    const rows = await deliveriesOf(lot.lotId);
    expect(rows.filter((r) => chats.includes(r.chat_id)).map((r) => r.status)).toEqual(
      chats.map(() => 'SENT'),
    );
  });

  it('forgets a chat that blocked the bot: inactive, delivery skipped, nothing more sent to it', async () => {
    const [open, blocker] = await subscribe(2);
    api.block(blocker);
    const first = lotCreated();
    await publishLotCreated(first);
    await waitFor(
      'the 403 to unsubscribe the chat',
      async () => (await subscriberStates([blocker])).get(blocker) === false,
    );
    await deliveredOnce(first.lotId, [open]);
    expect(await deliveriesOf(first.lotId)).toEqual(
      expect.arrayContaining([
        { chat_id: blocker, status: 'SKIPPED', attempts: 0 },
        { chat_id: open, status: 'SENT', attempts: 1 },
      ]),
    );

    const second = lotCreated();
    await publishLotCreated(second);
    await deliveredOnce(second.lotId, [open]);
    // Its welcome went through before the block; since then one refused announcement, and silence.
    const announcements = api.sends.filter((s) => s.chatId === blocker && s.text.includes(linkOf('')));
    expect(announcements).toEqual([
      expect.objectContaining({ status: 403, text: expect.stringContaining(linkOf(first.lotId)) }),
    ]);
    expect((await deliveriesOf(second.lotId)).map((d) => d.chat_id)).not.toContain(blocker);
  });

  it('creates no duplicate deliveries for a redelivered LotCreated', async () => {
    const chats = await subscribe(3);
    const lot = lotCreated();
    const messageId = await publishLotCreated(lot, uniqueId('msg'), 2);
    // The same lot under a new message id (a republished event) is not announced again either.
    await publishLotCreated(lot);
    // Same key, same partition, behind the copies: once it is in, the copies were consumed.
    const sentinel = lotCreated();
    await produceBehind(lot.lotId, sentinel);
    await deliveredOnce(sentinel.lotId, chats);
    await deliveredOnce(lot.lotId, chats);

    const mine = (await deliveriesOf(lot.lotId)).filter((d) => chats.includes(d.chat_id));
    expect(mine).toEqual(chats.map((chat_id) => ({ chat_id, status: 'SENT', attempts: 1 })));
    const inbox = await telegramDb().query(`SELECT consumer FROM processed_messages WHERE message_id = $1`, [
      messageId,
    ]);
    expect(inbox.rows).toEqual([{ consumer: 'telegram-alerter' }]);
  });

  it('keeps to one message a second per chat and 30 a second overall', async () => {
    const firstCall = api.sends.length;
    const chats = await subscribe(35);
    const lots = [lotCreated(), lotCreated(), lotCreated()];
    for (const lot of lots) await publishLotCreated(lot);
    for (const lot of lots) await deliveredOnce(lot.lotId, chats);

    const calls = api.sends.slice(firstCall);
    for (const chat of chats) {
      const times = calls.filter((c) => c.chatId === chat).map((c) => c.at);
      expect(times.length).toBeGreaterThanOrEqual(4); // the welcome and three lots
      for (let i = 1; i < times.length; i++)
        expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1000 - 50);
    }
    // No 31 calls within one second, whoever they went to.
    expect(calls.length).toBeGreaterThan(31);
    for (let i = 0; i + 30 < calls.length; i++)
      expect(calls[i + 30].at - calls[i].at).toBeGreaterThanOrEqual(1000 - 50);
  });

  async function produceBehind(key: string, data: ReturnType<typeof lotCreated>): Promise<void> {
    await produceRaw(Topics.lotEvents, [
      {
        key,
        value: JSON.stringify({ type: 'LotCreated', data }),
        headers: { 'message-id': uniqueId('msg'), type: 'LotCreated' },
      },
    ]);
  }
});
