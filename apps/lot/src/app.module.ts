import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware, createServiceDataSource } from '@app/common';
import { CommandLogModule, serviceMessagingMetrics } from '@app/messaging';
import { HealthModule, HttpMetricsMiddleware, MetricsController } from '@app/observability';
import { OutboxPrunerService } from '@app/outbox';
import { lotDataSourceOptions } from './database/data-source';
import { LotModule } from './lot/lot.module';

/**
 * Lot: lots, auctions, bids (participant of the PlaceBid saga), the auction clock, lot search and the
 * sale outcome of sold lots (from order.events).
 * An internal service: the gateway authenticates and forwards `x-gavel-user-id` / `x-gavel-role`.
 */
@Module({
  imports: [
    HealthModule.forService({ dependencies: ['database', 'kafka', 'opensearch'] }),
    serviceMessagingMetrics('lot', {
      outbox: true,
      consumers: [
        { groupId: 'lot-commands', topics: ['lot.commands'] },
        { groupId: 'lot-search', topics: ['lot.events'] },
        { groupId: 'lot-sales', topics: ['order.events'] },
      ],
    }),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...lotDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    LotModule,
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
