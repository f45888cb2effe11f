import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { NotificationsHttpController } from './notifications.http.controller';

/** Proxies the caller's own notifications to the notification service. */
@Module({ imports: [AuthModule, UpstreamModule], controllers: [NotificationsHttpController] })
export class NotificationsProxyModule {}
