import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SagasHttpController } from './api/sagas.http.controller';
import { GetSagaHandler } from './application/get-saga/get-saga.handler';
import { ListSagasHandler } from './application/list-sagas/list-sagas.handler';
import { OperatorActionHandler } from './application/operator-action/operator-action.handler';
import { OpenIncidentsGauge } from './infrastructure/open-incidents.gauge';
import { RepliesConsumer } from './infrastructure/replies.consumer';
import { ResumeScannerService } from './infrastructure/resume-scanner.service';
import { SagaChangeFeed } from './infrastructure/saga-change-feed';
import { SagaEffectsWriter } from './infrastructure/saga-effects.writer';
import { SagaEventStore } from './infrastructure/saga-event.store';
import { SagaProjection } from './infrastructure/saga-projection.repository';
import { SagaTimers } from './infrastructure/saga-timer.repository';
import { SagaRequests } from './infrastructure/saga-requests';
import { SagaStarter } from './infrastructure/saga-starter';
import { SagaRunner } from './infrastructure/saga.runner';
import { TimerPollerService } from './infrastructure/timer-poller.service';
import { buildSagaCatalog, SAGA_CATALOG } from './saga-catalog';
import { LotEventsConsumer } from './auction-order/lot-events.consumer';
import { LotOrderHttpController } from './auction-order/lot-order.http.controller';
import { AllowancesHttpController } from './allowance/allowances.http.controller';
import { WithdrawalsHttpController } from './withdrawal/withdrawals.http.controller';
import { ReleaseAllowanceWhenReleasedHandler } from './auction-order/release-allowance-when-released.handler';
import { StartAuctionOrderWhenAuctionClosedHandler } from './auction-order/start-auction-order-when-auction-closed.handler';
import { WinningBidRepository } from './auction-order/winning-bid.repository';
import { StartSecondChanceOrderWhenAcceptedHandler } from './second-chance/start-second-chance-order-when-accepted.handler';
import { BidAdmission } from './bid/bid-admission';
import { BidsHttpController } from './bid/bids.http.controller';
import { GetBidHandler } from './bid/get-bid.handler';
import { PlaceBidHandler } from './bid/place-bid.handler';
import { GetOrderHandler } from './order/get-order.handler';
import { OrdersHttpController } from './order/orders.http.controller';
import { PlaceOrderHandler } from './order/place-order.handler';

/** Any saga: state and history, listings, operator actions. */
const sagas = [GetSagaHandler, ListSagasHandler, OperatorActionHandler];
const orders = [PlaceOrderHandler, GetOrderHandler];
const bids = [PlaceBidHandler, GetBidHandler, BidAdmission];
const auctions = [
  WinningBidRepository,
  StartAuctionOrderWhenAuctionClosedHandler,
  ReleaseAllowanceWhenReleasedHandler,
  StartSecondChanceOrderWhenAcceptedHandler,
  LotEventsConsumer,
];
const store = [
  SagaEventStore,
  SagaProjection,
  SagaTimers,
  SagaEffectsWriter,
  SagaRunner,
  SagaStarter,
  SagaChangeFeed,
  SagaRequests,
];

@Module({
  imports: [CqrsModule],
  controllers: [
    OrdersHttpController,
    LotOrderHttpController,
    BidsHttpController,
    AllowancesHttpController,
    WithdrawalsHttpController,
    SagasHttpController,
  ],
  providers: [
    { provide: SAGA_CATALOG, useFactory: buildSagaCatalog },
    ...store,
    ...sagas,
    ...orders,
    ...bids,
    ...auctions,
    RepliesConsumer,
    TimerPollerService,
    ResumeScannerService,
    OpenIncidentsGauge,
  ],
})
export class SagasModule {}
