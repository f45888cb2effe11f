import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { SagasHttpController } from './sagas.http.controller';

@Module({ imports: [AuthModule, UpstreamModule], controllers: [SagasHttpController] })
export class AdminProxyModule {}
