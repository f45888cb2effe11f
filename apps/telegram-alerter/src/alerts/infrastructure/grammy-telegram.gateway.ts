import { Inject, Injectable } from '@nestjs/common';
import { Bot, GrammyError } from 'grammy';
import { SendOutcome } from '../domain/delivery-policy';
import { TelegramGateway } from '../application/telegram.gateway';
import { TELEGRAM_BOT } from './telegram-bot.provider';

/** The Telegram port over grammY: every answer of sendMessage becomes a SendOutcome, nothing throws. */
@Injectable()
export class GrammyTelegramGateway implements TelegramGateway {
  constructor(@Inject(TELEGRAM_BOT) private readonly bot: Bot | null) {}

  async sendMessage(chatId: string, text: string): Promise<SendOutcome> {
    if (!this.bot) return { kind: 'failed', description: 'TELEGRAM.DISABLED: no bot token configured' };
    try {
      const message = await this.bot.api.sendMessage(Number(chatId), text);
      return { kind: 'sent', messageId: message.message_id };
    } catch (e) {
      if (e instanceof GrammyError) {
        if (e.error_code === 429)
          return {
            kind: 'rate_limited',
            retryAfterS: e.parameters.retry_after ?? 1,
            description: e.description,
          };
        if (e.error_code === 403) return { kind: 'blocked', description: e.description };
        return { kind: 'failed', description: `${e.error_code}: ${e.description}` };
      }
      return { kind: 'failed', description: e instanceof Error ? e.message : String(e) };
    }
  }
}
