import { Injectable } from '@nestjs/common';
import { SubscriberRepository } from '../../infrastructure/subscriber.repository';

/** `/start`: the chat will be told about every new lot. Returns the reply. */
@Injectable()
export class SubscribeChatHandler {
  constructor(private readonly subscribers: SubscriberRepository) {}

  async execute(chatId: string): Promise<string> {
    const wasActive = await this.subscribers.subscribe(chatId);
    return wasActive
      ? 'You are already subscribed to new lots. Send /lots for the open ones, /stop to unsubscribe.'
      : 'Subscribed: you will get a message for every new lot. Send /lots for the open ones, /stop to unsubscribe.';
  }
}
