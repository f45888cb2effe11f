import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Bot } from 'grammy';
import { ListOpenLotsHandler } from '../application/list-open-lots/list-open-lots.handler';
import { SubscribeChatHandler } from '../application/subscribe-chat/subscribe-chat.handler';
import { TELEGRAM_GATEWAY, TelegramGateway } from '../application/telegram.gateway';
import { UnsubscribeChatHandler } from '../application/unsubscribe-chat/unsubscribe-chat.handler';
import { SendRateLimiter } from './send-rate-limiter';
import { TELEGRAM_BOT } from './telegram-bot.provider';
import { TELEGRAM_CONFIG, TelegramConfig } from './telegram.config';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The bot's long polling (getUpdates) and its commands: /start, /stop, /lots. Replies go through the
 * same rate limiter and Telegram port as the announcements.
 */
@Injectable()
export class TelegramBotService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TelegramBotService.name);
  private stopping = false;
  private polling?: Promise<void>;

  constructor(
    @Inject(TELEGRAM_BOT) private readonly bot: Bot | null,
    @Inject(TELEGRAM_CONFIG) private readonly config: TelegramConfig,
    @Inject(TELEGRAM_GATEWAY) private readonly telegram: TelegramGateway,
    private readonly limiter: SendRateLimiter,
    private readonly subscribe: SubscribeChatHandler,
    private readonly unsubscribe: UnsubscribeChatHandler,
    private readonly listLots: ListOpenLotsHandler,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.bot) {
      this.logger.warn(
        'GAVEL_TELEGRAM_BOT_TOKEN is not set: the Telegram bot and the announcement sender are off',
      );
      return;
    }
    const bot = this.bot;
    bot.command('start', (ctx) =>
      this.answer(String(ctx.chat.id), () => this.subscribe.execute(String(ctx.chat.id))),
    );
    bot.command('stop', (ctx) =>
      this.answer(String(ctx.chat.id), () => this.unsubscribe.execute(String(ctx.chat.id))),
    );
    bot.command('lots', (ctx) => this.answer(String(ctx.chat.id), () => this.listLots.execute()));
    bot.catch((err) =>
      this.logger.error({
        message: 'update failed',
        updateId: err.ctx.update.update_id,
        error: String(err.error),
      }),
    );
    this.polling = this.poll(bot);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.bot?.isRunning())
      await this.bot
        .stop()
        .catch((e: Error) => this.logger.warn({ message: 'stop failed', error: e.message }));
    await this.polling;
  }

  /** bot.start() resolves when stopped and rejects when setup fails (bad token, API down): retry then. */
  private async poll(bot: Bot): Promise<void> {
    for (let failures = 0; !this.stopping;) {
      try {
        await bot.start({
          timeout: this.config.pollingTimeoutS,
          allowed_updates: ['message'],
          onStart: (me) => this.logger.log({ message: 'Telegram long polling started', bot: me.username }),
        });
        failures = 0;
      } catch (e) {
        failures++;
        this.logger.error({ message: 'Telegram long polling failed; retrying', error: (e as Error).message });
        await sleep(Math.min(30_000, 500 * 2 ** failures));
      }
    }
  }

  private async answer(chatId: string, reply: () => Promise<string>): Promise<void> {
    const text = await reply();
    await this.limiter.acquire(chatId);
    const outcome = await this.telegram.sendMessage(chatId, text);
    if (outcome.kind === 'rate_limited') this.limiter.pause(Date.now() + outcome.retryAfterS * 1000);
    if (outcome.kind !== 'sent') this.logger.warn({ message: 'reply not delivered', chatId, outcome });
  }
}
