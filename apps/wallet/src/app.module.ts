import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware, createServiceDataSource } from '@app/common';
import { CommandLogModule, serviceMessagingMetrics } from '@app/messaging';
import { HealthModule, HttpMetricsMiddleware, MetricsController } from '@app/observability';
import { walletDataSourceOptions } from './database/data-source';
import { OutboxPrunerService } from '@app/outbox';
import { WalletModule } from './wallet/wallet.module';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...walletDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    HealthModule.forService({ dependencies: ['database', 'kafka'] }),
    serviceMessagingMetrics('wallet', {
      outbox: true,
      consumers: [
        { groupId: 'wallet-commands', topics: ['wallet.commands'] },
        { groupId: 'wallet', topics: ['user.events'] },
      ],
    }),
    WalletModule,
    CommandLogModule,
  ],
  controllers: [MetricsController],
  providers: [OutboxPrunerService],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware, HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
