import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware, createServiceDataSource } from '@app/common';
import { CommandLogModule, serviceMessagingMetrics } from '@app/messaging';
import { HealthModule, HttpMetricsMiddleware, MetricsController } from '@app/observability';
import { OutboxPrunerService } from '@app/outbox';
import { paymentDataSourceOptions } from './database/data-source';
import { PaymentsModule } from './payments/payments.module';

@Module({
  imports: [
    HealthModule.forService({ dependencies: ['database', 'kafka'] }),
    serviceMessagingMetrics('payment', {
      outbox: true,
      consumers: [{ groupId: 'payment-commands', topics: ['payment.commands'] }],
    }),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...paymentDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    PaymentsModule,
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
