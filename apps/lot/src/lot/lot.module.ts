import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcceptBidHandler } from './application/accept-bid/accept-bid.handler';
import { AllowancesHttpController } from './application/allowance/allowances.http.controller';
import { GrantAllowanceHandler } from './application/allowance/grant-allowance.handler';
import { ListBidderLotsHandler } from './application/bidder-lots/list-bidder-lots.handler';
import { ListBidderLotsHttpController } from './application/bidder-lots/list-bidder-lots.http.controller';
import { BidDecisions } from './application/place-bid/bid-decisions';
import { BidDesk } from './application/place-bid/bid-desk';
import { PlaceBidHttpController } from './application/place-bid/place-bid.http.controller';
import { AuctionClockService } from './application/close-auctions/auction-clock.service';
import { CreateLotHandler } from './application/create-lot/create-lot.handler';
import { CreateLotHttpController } from './application/create-lot/create-lot.http.controller';
import { GetLotBidsHandler, GetLotHandler } from './application/get-lot/get-lot.handler';
import { GetLotHttpController } from './application/get-lot/get-lot.http.controller';
import { ListLotsHandler } from './application/list-lots/list-lots.handler';
import { ListLotsHttpController } from './application/list-lots/list-lots.http.controller';
import { LotPhotoHandler } from './application/lot-photo/lot-photo.handler';
import { LotPhotoHttpController } from './application/lot-photo/lot-photo.http.controller';
import { PHOTO_STORE } from './application/lot-photo/photo-store.port';
import { AnswerSecondChanceHandler } from './application/second-chance/answer-second-chance.handler';
import { SecondChanceHttpController } from './application/second-chance/second-chance.http.controller';
import { RecordSaleWhenOrderEndedHandler } from './application/record-sale/record-sale-when-order-ended.handler';
import { IndexLotEventsHandler } from './application/search-lots/index-lot-events.handler';
import { LOT_SEARCH_INDEX } from './application/search-lots/lot-search.port';
import { SearchLotsHttpController } from './application/search-lots/search-lots.http.controller';
import { SweepLotPricesService } from './application/search-lots/sweep-lot-prices.service';
import { LocalPhotoStore } from './infrastructure/local-photo.store';
import { photoStoreConfig } from './infrastructure/photo-store.config';
import { S3PhotoStore } from './infrastructure/s3-photo.store';
import { LotCommandsConsumer } from './infrastructure/lot-commands.consumer';
import { LotSalesConsumer } from './infrastructure/lot-sales.consumer';
import { LotSearchConsumer } from './infrastructure/lot-search.consumer';
import { OpenSearchLotIndex } from './infrastructure/opensearch-lot.index';

const httpHandlers = [
  CreateLotHandler,
  GetLotHandler,
  GetLotBidsHandler,
  ListLotsHandler,
  ListBidderLotsHandler,
  LotPhotoHandler,
  AnswerSecondChanceHandler,
];
const ports = [
  // an S3 bucket every replica shares (the local stack's SeaweedFS by default); GAVEL_PHOTO_STORE=local: a folder
  {
    provide: PHOTO_STORE,
    useFactory: () => {
      const config = photoStoreConfig();
      return config.store === 's3' ? new S3PhotoStore(config.s3) : new LocalPhotoStore(config.dir);
    },
  },
  { provide: LOT_SEARCH_INDEX, useFactory: () => new OpenSearchLotIndex() },
];

@Module({
  imports: [CqrsModule],
  // /lots/search before /lots/:id, so "search" is never taken for an id.
  controllers: [
    SearchLotsHttpController,
    CreateLotHttpController,
    ListLotsHttpController,
    GetLotHttpController,
    LotPhotoHttpController,
    PlaceBidHttpController,
    AllowancesHttpController,
    ListBidderLotsHttpController,
    SecondChanceHttpController,
  ],
  providers: [
    ...httpHandlers,
    ...ports,
    AcceptBidHandler,
    GrantAllowanceHandler,
    BidDesk,
    BidDecisions,
    AuctionClockService,
    IndexLotEventsHandler,
    SweepLotPricesService,
    RecordSaleWhenOrderEndedHandler,
    LotCommandsConsumer,
    LotSearchConsumer,
    LotSalesConsumer,
  ],
})
export class LotModule {}
