import { Injectable } from '@nestjs/common';
import { SubscriberRepository } from '../../infrastructure/subscriber.repository';

/** `/stop`: no more messages, including announcements still queued for this chat. Returns the reply. */
@Injectable()
export class UnsubscribeChatHandler {
  constructor(private readonly subscribers: SubscriberRepository) {}

  async execute(chatId: string): Promise<string> {
    const wasActive = await this.subscribers.deactivate(chatId, 'UNSUBSCRIBED');
    return wasActive
      ? 'Unsubscribed. Send /start to subscribe again.'
      : 'You are not subscribed. Send /start to subscribe.';
  }
}
