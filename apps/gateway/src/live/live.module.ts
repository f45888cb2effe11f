import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveEventsConsumer } from './live-events.consumer';
import { LiveGateway } from './live.gateway';

/** Live auction updates over socket.io (namespace /live), fed by Kafka. */
@Module({ imports: [AuthModule], providers: [LiveGateway, LiveEventsConsumer] })
export class LiveModule {}
