import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { ItemsHttpController } from './items.http.controller';

@Module({ imports: [AuthModule, UpstreamModule], controllers: [ItemsHttpController] })
export class ItemsProxyModule {}
