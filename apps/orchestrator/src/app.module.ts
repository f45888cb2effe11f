import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware, createServiceDataSource } from '@app/common';
import { serviceMessagingMetrics } from '@app/messaging';
import { HealthModule, HttpMetricsMiddleware, MetricsController } from '@app/observability';
import { OutboxPrunerService } from '@app/outbox';
import { orchestratorDataSourceOptions } from './database/data-source';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { SagasModule } from './sagas/sagas.module';

@Module({
  imports: [
    HealthModule.forService({ dependencies: ['database', 'kafka'] }),
    serviceMessagingMetrics('orchestrator', {
      outbox: true,
      consumers: [
        { groupId: 'orchestrator', topics: ['orchestrator.replies'] },
        { groupId: 'orchestrator-lots', topics: ['lot.events'] },
      ],
    }),
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...orchestratorDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    SagasModule,
    ReconciliationModule,
  ],
  controllers: [MetricsController],
  providers: [OutboxPrunerService],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware, HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
