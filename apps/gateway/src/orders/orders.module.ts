import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { GetLotOrderHandler } from './application/get-lot-order/get-lot-order.handler';
import { GetLotOrderHttpController } from './application/get-lot-order/get-lot-order.http.controller';
import { GetOrderHandler } from './application/get-order/get-order.handler';
import { GetOrderHttpController } from './application/get-order/get-order.http.controller';
import { PlaceOrderHandler } from './application/place-order/place-order.handler';
import { PlaceOrderHttpController } from './application/place-order/place-order.http.controller';

/** Orders: started and read at the orchestrator, on behalf of the signed-in buyer (a lot's order also for its seller). */
@Module({
  imports: [CqrsModule, AuthModule, UpstreamModule],
  controllers: [PlaceOrderHttpController, GetOrderHttpController, GetLotOrderHttpController],
  providers: [PlaceOrderHandler, GetOrderHandler, GetLotOrderHandler],
})
export class OrdersModule {}
