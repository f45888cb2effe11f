import type { Pool } from 'pg';
import type { LotCreatedData } from '@app/contracts';
import { Topics } from '@app/contracts';
import { db, uniqueId, waitFor } from '../../support/env';
import { produceRaw } from '../../support/kafka-tap';
import { FakeBotApi } from './fake-bot-api';

// The alerter's schema is `telegram` (its data source's default); the test pool must agree.
process.env.GAVEL_TELEGRAM_ALERTER_DB_SCHEMA ??= 'telegram';

export const PUBLIC_URL = 'https://gavel.test';

/** The environment an alerter under test runs with: the fake Bot API, short leases, quick polls. */
export function alerterEnv(api: FakeBotApi, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GAVEL_TELEGRAM_ALERTER_DB_SCHEMA: 'telegram',
    GAVEL_TELEGRAM_BOT_TOKEN: api.token,
    GAVEL_TELEGRAM_API_ROOT: api.apiRoot,
    GAVEL_PUBLIC_URL: PUBLIC_URL,
    GAVEL_TELEGRAM_POLLING_TIMEOUT_S: '2',
    GAVEL_TELEGRAM_CLAIM_LEASE_MS: '3000',
    GAVEL_TELEGRAM_IDLE_POLL_MS: '100',
    GAVEL_TELEGRAM_BACKOFF_BASE_MS: '200',
    GAVEL_KAFKA_SESSION_TIMEOUT_MS: '10000',
    ...extra,
  };
}

export const telegramDb = (): Pool => db('telegram-alerter');

/** Chat ids unique across runs (below 2^53, as Telegram's are). */
let lastChatId = Date.now() * 1000;
export const newChats = (n: number): number[] => Array.from({ length: n }, () => ++lastChatId);

export const linkOf = (lotId: string): string => `${PUBLIC_URL}/lots/${lotId}`;

export function lotCreated(lotId = uniqueId('lot'), overrides: Partial<LotCreatedData> = {}): LotCreatedData {
  return {
    lotId,
    sellerId: 'seller-tg',
    title: `Brass telescope ${lotId}`,
    description: 'A telescope',
    sku: 'SKU-TG',
    startPrice: '125050',
    increment: { kind: 'absolute', value: '100' },
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    softCloseWindowS: 60,
    softCloseExtensionS: 60,
    ...overrides,
  };
}

/** Publishes LotCreated on lot.events as the lot service's outbox would (key = lotId, message-id header). */
export async function publishLotCreated(
  data: LotCreatedData,
  messageId = uniqueId('msg'),
  copies = 1,
): Promise<string> {
  const record = {
    key: data.lotId,
    value: JSON.stringify({ type: 'LotCreated', data }),
    headers: { 'message-id': messageId, type: 'LotCreated' },
  };
  await produceRaw(
    Topics.lotEvents,
    Array.from({ length: copies }, () => record),
  );
  return messageId;
}

/** Subscribers' rows by chat. */
export async function subscriberStates(chats: number[]): Promise<Map<number, boolean>> {
  const { rows } = await telegramDb().query<{ chat_id: string; active: boolean }>(
    `SELECT chat_id::text, active FROM subscribers WHERE chat_id = ANY($1::bigint[])`,
    [chats],
  );
  return new Map(rows.map((r) => [Number(r.chat_id), r.active]));
}

export async function deliveriesOf(
  lotId: string,
): Promise<{ chat_id: number; status: string; attempts: number }[]> {
  const { rows } = await telegramDb().query<{ chat_id: string; status: string; attempts: number }>(
    `SELECT chat_id::text, status, attempts FROM deliveries WHERE lot_id = $1 ORDER BY chat_id`,
    [lotId],
  );
  return rows.map((r) => ({ ...r, chat_id: Number(r.chat_id) }));
}

/** Users send `command` from each chat; waits until the bot answered every chat and the table shows `active`. */
export async function sendCommand(
  api: FakeBotApi,
  chats: number[],
  command: '/start' | '/stop',
  active: boolean,
): Promise<void> {
  const answers = (chat: number): number =>
    api.sends.filter((s) => s.chatId === chat && !s.text.includes(`${PUBLIC_URL}/lots/`)).length;
  const before = new Map(chats.map((c) => [c, answers(c)]));
  for (const chat of chats) api.userWrites(chat, command);
  await waitFor(`${command} of ${chats.length} chats`, async () => {
    if (!chats.every((c) => answers(c) > before.get(c)!)) return false;
    const states = await subscriberStates(chats);
    return chats.every((c) => states.get(c) === active);
  });
}
