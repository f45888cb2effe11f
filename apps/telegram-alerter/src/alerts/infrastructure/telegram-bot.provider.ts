import { Provider } from '@nestjs/common';
import { Bot } from 'grammy';
import { TELEGRAM_CONFIG, TelegramConfig } from './telegram.config';

export const TELEGRAM_BOT = Symbol('TELEGRAM_BOT');

/** The grammY bot, or null when no token is configured (the alerter then only records lots). */
export const telegramBotProvider: Provider = {
  provide: TELEGRAM_BOT,
  inject: [TELEGRAM_CONFIG],
  useFactory: (config: TelegramConfig): Bot | null =>
    config.token
      ? new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: config.requestTimeoutS } })
      : null,
};
