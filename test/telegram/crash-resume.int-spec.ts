import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, ServiceProcess, spawnService } from '../support/apps';
import { closePools, ROOT, sleep, waitFor } from '../support/env';
import {
  alerterEnv,
  deliveriesOf,
  linkOf,
  lotCreated,
  newChats,
  publishLotCreated,
  sendCommand,
  telegramDb,
} from './support/alerter';
import { FakeBotApi } from './support/fake-bot-api';

/**
 * The built alerter as its own OS process, SIGKILLed in the middle of a broadcast to 60 chats and
 * started again: the broadcast resumes from the deliveries table and every chat gets the lot once.
 * The alerter keeps its tables in a schema of this suite's (the test reads the same one): the lot is
 * broadcast to these 60 chats only, never to a chat another suite left subscribed, so the 20
 * announcements Telegram accepts are all this suite's.
 */
const SCHEMA = 'telegram_crash_test';
process.env.GAVEL_TELEGRAM_ALERTER_DB_SCHEMA = SCHEMA;

describe('telegram-alerter crash mid-broadcast', () => {
  const api = new FakeBotApi();
  let alerter: ServiceProcess | undefined;
  const chats = newChats(60);

  const start = async (): Promise<ServiceProcess> =>
    spawnService(
      'telegram-alerter',
      await freePort(),
      alerterEnv(api, { GAVEL_TELEGRAM_ALERTER_DB_SCHEMA: SCHEMA }),
    );

  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: ROOT, timeout: 300_000 });
    await api.start();
    alerter = await start();
    // a run stopped half-way may have left its chats subscribed in this schema
    await telegramDb().query(`UPDATE subscribers SET active = false WHERE active`);
  });
  afterAll(async () => {
    if (alerter) await sendCommand(api, chats, '/stop', false).catch(() => undefined);
    await alerter?.kill('SIGTERM');
    await api.stop();
    await closePools();
  });

  it('resumes after SIGKILL and sends exactly one message per chat', async () => {
    await sendCommand(api, chats, '/start', true);
    const lot = lotCreated();
    // Telegram accepts 20 announcements, then stops answering (those calls never deliver).
    api.holdAfter(20);
    await publishLotCreated(lot);

    await waitFor('20 announcements sent and recorded', async () => {
      const sent = (await deliveriesOf(lot.lotId)).filter((d) => d.status === 'SENT').length;
      return (
        api.delivered((s) => s.text.includes(linkOf(lot.lotId))).length === 20 &&
        sent === 20 &&
        api.heldCount > 0
      );
    });
    await alerter!.kill('SIGKILL');
    api.release();
    const afterCrash = await deliveriesOf(lot.lotId);
    expect(
      afterCrash
        .filter((d) => chats.includes(d.chat_id))
        .map((d) => d.status)
        .sort(),
    ).toEqual([...Array<string>(40).fill('PENDING'), ...Array<string>(20).fill('SENT')]);

    alerter = await start();
    await waitFor(
      'every chat to get the lot',
      async () => chats.every((c) => api.deliveredTo(c, linkOf(lot.lotId)).length > 0),
      90_000,
    );
    await sleep(4000); // longer than the claim lease: a row sent twice would show up by now
    for (const chat of chats) expect(api.deliveredTo(chat, linkOf(lot.lotId))).toHaveLength(1);
    const rows = (await deliveriesOf(lot.lotId)).filter((d) => chats.includes(d.chat_id));
    expect(rows.map((d) => d.status)).toEqual(chats.map(() => 'SENT'));
  });
});
