import { Module } from '@nestjs/common';
import { OutboxPrunerService } from '@app/outbox';
import { ListNotificationsHttpController } from './application/list-notifications/list-notifications.http.controller';
import { MarkAllReadHttpController } from './application/mark-all-read/mark-all-read.http.controller';
import { MarkReadHttpController } from './application/mark-read/mark-read.http.controller';
import { NotifyAdminsWhenCompensationFailedHandler } from './application/notify-admins-when-compensation-failed/notify-admins-when-compensation-failed.handler';
import { NotifyAdminsWhenIncidentRaisedHandler } from './application/notify-admins-when-incident-raised/notify-admins-when-incident-raised.handler';
import { NotifyAdminsWhenIncidentResolvedHandler } from './application/notify-admins-when-incident-resolved/notify-admins-when-incident-resolved.handler';
import { NotifyWhenAuctionClosedHandler } from './application/notify-when-auction-closed/notify-when-auction-closed.handler';
import { NotifyWhenFundsDepositedHandler } from './application/notify-when-funds-deposited/notify-when-funds-deposited.handler';
import { NotifyWhenLotSaleFailedHandler } from './application/notify-when-lot-sale-failed/notify-when-lot-sale-failed.handler';
import { NotifyWhenOrderCancelledHandler } from './application/notify-when-order-cancelled/notify-when-order-cancelled.handler';
import { NotifyWhenOrderCompletedHandler } from './application/notify-when-order-completed/notify-when-order-completed.handler';
import { NotifyWhenOutbidHandler } from './application/notify-when-outbid/notify-when-outbid.handler';
import { RecordAdminWhenUserRegisteredHandler } from './application/record-admin-when-user-registered/record-admin-when-user-registered.handler';
import { NotificationEventsConsumer } from './infrastructure/notification-events.consumer';

const EventHandlers = [
  NotifyWhenFundsDepositedHandler,
  NotifyWhenOrderCompletedHandler,
  NotifyWhenOrderCancelledHandler,
  NotifyAdminsWhenCompensationFailedHandler,
  NotifyAdminsWhenIncidentRaisedHandler,
  NotifyAdminsWhenIncidentResolvedHandler,
  NotifyWhenOutbidHandler,
  NotifyWhenAuctionClosedHandler,
  NotifyWhenLotSaleFailedHandler,
  RecordAdminWhenUserRegisteredHandler,
];

@Module({
  controllers: [ListNotificationsHttpController, MarkAllReadHttpController, MarkReadHttpController],
  providers: [...EventHandlers, NotificationEventsConsumer, OutboxPrunerService],
})
export class NotificationsModule {}
