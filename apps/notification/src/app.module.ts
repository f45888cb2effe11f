import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CorrelationIdMiddleware,
  createServiceDataSource,
  databaseConfig,
  outboxConnector,
} from '@app/common';
import { Topics } from '@app/contracts';
import { createKafka } from '@app/messaging';
import {
  HealthModule,
  HttpMetricsMiddleware,
  MessagingMetricsModule,
  MetricsController,
} from '@app/observability';
import { notificationDataSourceOptions } from './database/data-source';
import {
  NOTIFICATION_TOPICS,
  notificationConsumerName,
} from './notifications/infrastructure/notification-events.consumer';
import { NotificationsModule } from './notifications/notifications.module';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        ...notificationDataSourceOptions(),
        migrationsRun: process.env.GAVEL_MIGRATIONS_RUN !== 'false',
      }),
      dataSourceFactory: createServiceDataSource,
    }),
    HealthModule.forService({ dependencies: ['database', 'kafka'] }),
    // CDC lag of this service's outbox slot, its consumer group's lag and its topics' dead letters.
    MessagingMetricsModule.forService({
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => ({
        kafka: createKafka('notification-metrics'),
        query: (sql: string, params: unknown[]) => dataSource.query(sql, params),
        slots: [outboxConnector(databaseConfig('notification').database).slot],
        groups: [{ groupId: notificationConsumerName(), topics: NOTIFICATION_TOPICS }],
        dlqTopics: NOTIFICATION_TOPICS.map((t) => Topics.deadLetter(t)),
      }),
    }),
    NotificationsModule,
  ],
  controllers: [MetricsController],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware, HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
