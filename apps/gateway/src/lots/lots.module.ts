import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { intEnv } from '@app/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { AllowanceHttpController } from './api/allowance.http.controller';
import { BidsHttpController } from './api/bids.http.controller';
import { LotsHttpController } from './api/lots.http.controller';
import { MyBidsHttpController } from './api/my-bids.http.controller';
import { MyLotsHttpController } from './api/my-lots.http.controller';
import { PlaceBidHandler } from './application/place-bid/place-bid.handler';
import { PlaceBidHttpController } from './application/place-bid/place-bid.http.controller';
import { SecondChanceHttpController } from './application/answer-second-chance/second-chance.http.controller';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LotReplicas } from './infrastructure/lot-replicas/lot-replicas';
import { LotBidBatcher } from './infrastructure/lot-bid-batcher';
import { LotServiceClient } from './infrastructure/lot-service.client';

/** Lots (proxied to the lot service) and bids (PlaceBid sagas at the orchestrator). */
@Module({
  imports: [CqrsModule, AuthModule, UpstreamModule],
  // PlaceBidHttpController first: its POST :id/bids must not be shadowed by the generic lot routes.
  controllers: [
    PlaceBidHttpController,
    AllowanceHttpController,
    LotsHttpController,
    SecondChanceHttpController,
    BidsHttpController,
    MyBidsHttpController,
    MyLotsHttpController,
  ],
  providers: [
    {
      provide: LotReplicas,
      useFactory: (config: GatewayConfig) =>
        new LotReplicas(config.lotReplicas, { downMs: intEnv('GAVEL_LOT_DOWN_MS', 2000) }),
      inject: [GATEWAY_CONFIG],
    },
    LotServiceClient,
    LotBidBatcher,
    PlaceBidHandler,
  ],
})
export class LotsModule {}
