import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderEventTypes, Topics } from '@app/contracts';
import { createKafka, IdempotentConsumer } from '@app/messaging';
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
} from '../application/event-handlers';

export const NOTIFICATION_CONSUMER = 'notification';
export const NOTIFICATION_TOPICS = [
  Topics.walletEvents,
  Topics.orderEvents,
  Topics.lotEvents,
  Topics.userEvents,
  // Incidents of every saga type, and compensation refusals of the types that are not orders.
  Topics.sagaAlerts,
];

/** The consumer name (and group id): GAVEL_NOTIFICATION_CONSUMER or `notification`. */
export const notificationConsumerName = (): string =>
  process.env.GAVEL_NOTIFICATION_CONSUMER ?? NOTIFICATION_CONSUMER;

/**
 * Subscribes to the domain events users are told about, to user.events (to learn the admins) and to
 * saga.alerts (admins hear of saga incidents and refused compensations; handlers go by message type,
 * so SagaCompensationFailed is handled alike on order.events and saga.alerts).
 */
@Injectable()
export class NotificationEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: IdempotentConsumer;

  constructor(
    dataSource: DataSource,
    fundsDeposited: NotifyWhenFundsDepositedHandler,
    withdrawalSettled: NotifyWhenWithdrawalSettledHandler,
    withdrawalFailed: NotifyWhenWithdrawalFailedHandler,
    chainDepositCredited: NotifyWhenChainDepositCreditedHandler,
    orderCompleted: NotifyWhenOrderCompletedHandler,
    orderCancelled: NotifyWhenOrderCancelledHandler,
    compensationFailed: NotifyAdminsWhenCompensationFailedHandler,
    incidentRaised: NotifyAdminsWhenIncidentRaisedHandler,
    incidentResolved: NotifyAdminsWhenIncidentResolvedHandler,
    outbid: NotifyWhenOutbidHandler,
    auctionClosed: NotifyWhenAuctionClosedHandler,
    saleFailed: NotifyWhenLotSaleFailedHandler,
    secondChanceOffered: NotifyWhenSecondChanceOfferedHandler,
    secondChanceAccepted: NotifyWhenSecondChanceAcceptedHandler,
    secondChanceEnded: NotifyWhenSecondChanceEndedHandler,
    userRegistered: RecordAdminWhenUserRegisteredHandler,
  ) {
    this.consumer = new IdempotentConsumer(createKafka('notification'), dataSource, {
      consumer: notificationConsumerName(),
      topics: NOTIFICATION_TOPICS,
      handlers: {
        FundsDeposited: fundsDeposited,
        WithdrawalSettled: withdrawalSettled,
        WithdrawalFailed: withdrawalFailed,
        DepositCredited: chainDepositCredited,
        [OrderEventTypes.completed]: orderCompleted,
        [OrderEventTypes.cancelled]: orderCancelled,
        [OrderEventTypes.compensationFailed]: compensationFailed,
        SagaIncidentRaised: incidentRaised,
        SagaIncidentResolved: incidentResolved,
        Outbid: outbid,
        AuctionClosed: auctionClosed,
        LotSaleFailed: saleFailed,
        SecondChanceOffered: secondChanceOffered,
        SecondChanceAccepted: secondChanceAccepted,
        SecondChanceEnded: secondChanceEnded,
        UserRegistered: userRegistered,
      },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}
