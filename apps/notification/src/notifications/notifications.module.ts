import { Module } from '@nestjs/common';
import { ListNotificationsHttpController } from './application/list-notifications/list-notifications.http.controller';
import { MarkReadHttpController } from './application/mark-read/mark-read.http.controller';
import { NotifyWhenFundsDepositedHandler } from './application/notify-when-funds-deposited/notify-when-funds-deposited.handler';
import { NotificationEventsConsumer } from './infrastructure/notification-events.consumer';

@Module({
  controllers: [ListNotificationsHttpController, MarkReadHttpController],
  providers: [NotifyWhenFundsDepositedHandler, NotificationEventsConsumer],
})
export class NotificationsModule {}
