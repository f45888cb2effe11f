import { Module } from '@nestjs/common';
import { OutboxPrunerService } from '@app/outbox';
import { ListNotificationsHttpController } from './application/list-notifications/list-notifications.http.controller';
import { MarkAllReadHttpController } from './application/mark-all-read/mark-all-read.http.controller';
import { MarkReadHttpController } from './application/mark-read/mark-read.http.controller';
import * as EventHandlers from './application/event-handlers';
import { NotificationEventsConsumer } from './infrastructure/notification-events.consumer';

@Module({
  controllers: [ListNotificationsHttpController, MarkAllReadHttpController, MarkReadHttpController],
  providers: [...Object.values(EventHandlers), NotificationEventsConsumer, OutboxPrunerService],
})
export class NotificationsModule {}
