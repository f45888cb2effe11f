import type { SendOutcome } from '../domain/delivery-policy';

/** The port to Telegram's Bot API (adapter: infrastructure/grammy-telegram.gateway.ts). */
export const TELEGRAM_GATEWAY = Symbol('TELEGRAM_GATEWAY');

export interface TelegramGateway {
  sendMessage(chatId: string, text: string): Promise<SendOutcome>;
}
