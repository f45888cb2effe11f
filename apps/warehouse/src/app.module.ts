import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware, createServiceDataSource } from '@app/common';
import { CommandLogModule, serviceMessagingMetrics } from '@app/messaging';
import { HealthModule, HttpMetricsMiddleware, MetricsController } from '@app/observability';
import { OutboxPrunerService } from '@app/outbox';
import { warehouseDataSourceOptions } from './database/data-source';
import { StockModule } from './stock/stock.module';

/**
 * Warehouse: items, stock and reservations. An internal service: its HTTP API is reached through the
 * gateway, which authenticates and forwards `x-gavel-user-id` / `x-gavel-role`; they are trusted here.
 */
@Module({
  imports: [
    HealthModule.forService({ dependencies: ['database', 'kafka'] }),
    serviceMessagingMetrics('warehouse', {
      outbox: true,
      consumers: [{ groupId: 'warehouse-commands', topics: ['warehouse.commands'] }],
    }),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...warehouseDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    StockModule,
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
