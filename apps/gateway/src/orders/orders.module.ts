import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { GetOrderHandler } from './application/get-order/get-order.handler';
import { GetOrderHttpController } from './application/get-order/get-order.http.controller';
import { PlaceOrderHandler } from './application/place-order/place-order.handler';
import { PlaceOrderHttpController } from './application/place-order/place-order.http.controller';

/** Orders: started and read at the orchestrator, on behalf of the signed-in buyer. */
@Module({
  imports: [CqrsModule, AuthModule, UpstreamModule],
  controllers: [PlaceOrderHttpController, GetOrderHttpController],
  providers: [PlaceOrderHandler, GetOrderHandler],
})
export class OrdersModule {}
