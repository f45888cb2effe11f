import { Module } from '@nestjs/common';
import {
  BroadcastWhenLotCreatedHandler,
  CloseLotWhenAuctionClosedHandler,
  ExtendLotWhenAuctionExtendedHandler,
} from './application/event-handlers';
import { ListOpenLotsHandler } from './application/list-open-lots/list-open-lots.handler';
import { SendPendingDeliveriesHandler } from './application/send-pending-deliveries/send-pending-deliveries.handler';
import { SubscribeChatHandler } from './application/subscribe-chat/subscribe-chat.handler';
import { TELEGRAM_GATEWAY } from './application/telegram.gateway';
import { UnsubscribeChatHandler } from './application/unsubscribe-chat/unsubscribe-chat.handler';
import { DeliveryRepository } from './infrastructure/delivery.repository';
import { DeliverySenderService } from './infrastructure/delivery-sender.service';
import { GrammyTelegramGateway } from './infrastructure/grammy-telegram.gateway';
import { LotEventsConsumer } from './infrastructure/lot-events.consumer';
import { LotRepository } from './infrastructure/lot.repository';
import { SendRateLimiter } from './infrastructure/send-rate-limiter';
import { SubscriberRepository } from './infrastructure/subscriber.repository';
import { telegramBotProvider } from './infrastructure/telegram-bot.provider';
import { TelegramBotService } from './infrastructure/telegram-bot.service';
import { TELEGRAM_CONFIG, telegramConfigFromEnv } from './infrastructure/telegram.config';

const commandHandlers = [
  SubscribeChatHandler,
  UnsubscribeChatHandler,
  ListOpenLotsHandler,
  SendPendingDeliveriesHandler,
];
const eventHandlers = [
  BroadcastWhenLotCreatedHandler,
  CloseLotWhenAuctionClosedHandler,
  ExtendLotWhenAuctionExtendedHandler,
];
const infrastructure = [
  { provide: TELEGRAM_CONFIG, useFactory: telegramConfigFromEnv },
  telegramBotProvider,
  { provide: TELEGRAM_GATEWAY, useClass: GrammyTelegramGateway },
  SendRateLimiter,
  SubscriberRepository,
  LotRepository,
  DeliveryRepository,
];

@Module({
  providers: [
    ...infrastructure,
    ...commandHandlers,
    ...eventHandlers,
    TelegramBotService,
    DeliverySenderService,
    LotEventsConsumer,
  ],
})
export class AlertsModule {}
