import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware, createServiceDataSource } from '@app/common';
import { CommandLogModule, serviceMessagingMetrics } from '@app/messaging';
import { HealthModule, HttpMetricsMiddleware, MetricsController } from '@app/observability';
import { OutboxPrunerService } from '@app/outbox';
import { deliveryDataSourceOptions } from './database/data-source';
import { DeliveryModule } from './delivery/delivery.module';

/** Delivery: slots and bookings. Internal: its HTTP API is reached through the gateway. */
@Module({
  imports: [
    HealthModule.forService({ dependencies: ['database', 'kafka'] }),
    serviceMessagingMetrics('delivery', {
      outbox: true,
      consumers: [{ groupId: 'delivery-commands', topics: ['delivery.commands'] }],
    }),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...deliveryDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    DeliveryModule,
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
