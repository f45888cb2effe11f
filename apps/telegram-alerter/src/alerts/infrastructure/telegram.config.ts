import { intEnv, platformCurrency } from '@app/common';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../domain/delivery-policy';
import { AnnouncementFormat } from '../domain/lot-announcement';

export const TELEGRAM_CONFIG = Symbol('TELEGRAM_CONFIG');

export interface TelegramConfig {
  /** GAVEL_TELEGRAM_BOT_TOKEN; without it the bot and the sender stay off. */
  token: string | undefined;
  /** GAVEL_TELEGRAM_API_ROOT (grammY `client.apiRoot`). */
  apiRoot: string;
  format: AnnouncementFormat;
  /** Telegram's limits: about 30 messages a second overall and one a second per chat. */
  globalPerSecond: number;
  chatPerSecond: number;
  /** Deliveries claimed per round, and how long a claim keeps other senders off a row. */
  batchSize: number;
  claimLeaseMs: number;
  /** Sleep between rounds when nothing is due. */
  idlePollMs: number;
  retry: RetryPolicy;
  /** Long-polling timeout of getUpdates, and the HTTP timeout of any Bot API call. */
  pollingTimeoutS: number;
  requestTimeoutS: number;
}

function text(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function telegramConfigFromEnv(): TelegramConfig {
  const pollingTimeoutS = intEnv('GAVEL_TELEGRAM_POLLING_TIMEOUT_S', 30);
  return {
    token: process.env.GAVEL_TELEGRAM_BOT_TOKEN || undefined,
    apiRoot: text('GAVEL_TELEGRAM_API_ROOT', 'https://api.telegram.org'),
    format: {
      publicUrl: text('GAVEL_PUBLIC_URL', 'http://localhost:18080').replace(/\/+$/, ''),
      currency: platformCurrency(),
    },
    globalPerSecond: intEnv('GAVEL_TELEGRAM_GLOBAL_PER_SECOND', 30),
    chatPerSecond: intEnv('GAVEL_TELEGRAM_CHAT_PER_SECOND', 1),
    batchSize: intEnv('GAVEL_TELEGRAM_BATCH_SIZE', 30),
    claimLeaseMs: intEnv('GAVEL_TELEGRAM_CLAIM_LEASE_MS', 30_000),
    idlePollMs: intEnv('GAVEL_TELEGRAM_IDLE_POLL_MS', 1_000),
    retry: {
      maxAttempts: intEnv('GAVEL_TELEGRAM_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts),
      backoffBaseMs: intEnv('GAVEL_TELEGRAM_BACKOFF_BASE_MS', DEFAULT_RETRY_POLICY.backoffBaseMs),
      backoffMaxMs: intEnv('GAVEL_TELEGRAM_BACKOFF_MAX_MS', DEFAULT_RETRY_POLICY.backoffMaxMs),
    },
    pollingTimeoutS,
    requestTimeoutS: Math.max(pollingTimeoutS + 10, intEnv('GAVEL_TELEGRAM_REQUEST_TIMEOUT_S', 60)),
  };
}
