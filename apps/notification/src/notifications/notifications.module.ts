import { Module } from '@nestjs/common';
import { OutboxPrunerService } from '@app/outbox';
import { ListNotificationsHttpController } from './application/list-notifications/list-notifications.http.controller';
import { MarkAllReadHttpController } from './application/mark-all-read/mark-all-read.http.controller';
import { MarkReadHttpController } from './application/mark-read/mark-read.http.controller';
import {
  NotifyAdminsWhenCompensationFailedHandler,
  NotifyAdminsWhenIncidentRaisedHandler,
  NotifyAdminsWhenIncidentResolvedHandler,
  NotifyWhenAuctionClosedHandler,
  NotifyWhenChainDepositCreditedHandler,
  NotifyWhenFundsDepositedHandler,
  NotifyWhenLotSaleFailedHandler,
  NotifyWhenOrderCancelledHandler,
  NotifyWhenOrderCompletedHandler,
  NotifyWhenOutbidHandler,
  NotifyWhenSecondChanceAcceptedHandler,
  NotifyWhenSecondChanceEndedHandler,
  NotifyWhenSecondChanceOfferedHandler,
  NotifyWhenWithdrawalFailedHandler,
  NotifyWhenWithdrawalSettledHandler,
  RecordAdminWhenUserRegisteredHandler,
} from './application/event-handlers';
import { NotificationEventsConsumer } from './infrastructure/notification-events.consumer';

const EventHandlers = [
  NotifyWhenFundsDepositedHandler,
  NotifyWhenWithdrawalSettledHandler,
  NotifyWhenWithdrawalFailedHandler,
  NotifyWhenChainDepositCreditedHandler,
  NotifyWhenOrderCompletedHandler,
  NotifyWhenOrderCancelledHandler,
  NotifyAdminsWhenCompensationFailedHandler,
  NotifyAdminsWhenIncidentRaisedHandler,
  NotifyAdminsWhenIncidentResolvedHandler,
  NotifyWhenOutbidHandler,
  NotifyWhenAuctionClosedHandler,
  NotifyWhenLotSaleFailedHandler,
  NotifyWhenSecondChanceOfferedHandler,
  NotifyWhenSecondChanceAcceptedHandler,
  NotifyWhenSecondChanceEndedHandler,
  RecordAdminWhenUserRegisteredHandler,
];

@Module({
  controllers: [ListNotificationsHttpController, MarkAllReadHttpController, MarkReadHttpController],
  providers: [...EventHandlers, NotificationEventsConsumer, OutboxPrunerService],
})
export class NotificationsModule {}
