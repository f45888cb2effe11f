import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware, createServiceDataSource } from '@app/common';
import { serviceMessagingMetrics } from '@app/messaging';
import { HealthModule, HttpMetricsMiddleware, MetricsController } from '@app/observability';
import { OutboxPrunerService } from '@app/outbox';
import { AdminProxyModule } from './admin/admin.module';
import { AdminLogsModule } from './admin-logs/admin-logs.module';
import { AuthModule } from './auth/auth.module';
import { gatewayDataSourceOptions } from './database/data-source';
import { ItemsProxyModule } from './items/items.module';
import { LiveModule } from './live/live.module';
import { LotsModule } from './lots/lots.module';
import { NotificationsProxyModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';
import { SettingsModule } from './settings/settings.module';
import { GatewayConfigModule } from './shared/gateway-config.module';
import { WalletProxyModule } from './wallet/wallet.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    HealthModule.forService({ dependencies: ['database'] }),
    serviceMessagingMetrics('gateway', { outbox: true, consumers: [] }),
    GatewayConfigModule,
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...gatewayDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    AuthModule,
    WalletProxyModule,
    OrdersModule,
    ItemsProxyModule,
    LotsModule,
    NotificationsProxyModule,
    LiveModule,
    AdminProxyModule,
    AdminLogsModule,
    SettingsModule,
    WebModule,
  ],
  controllers: [MetricsController],
  providers: [OutboxPrunerService],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware, HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
