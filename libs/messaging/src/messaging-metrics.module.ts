import type { DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseConfig, outboxConnector } from '@app/common';
import { Topics } from '@app/contracts';
import { ConsumerGroupWatch, MessagingMetricsModule } from '@app/observability';
import { createKafka } from './kafka.factory';

/**
 * Messaging gauges for one service: the CDC lag of the slot of its database's outbox connector
 * (`gavel_outbox` for the shared database, when it has an outbox), the lag of its consumer groups, and
 * its dead-letter topics.
 */
export function serviceMessagingMetrics(
  service: string,
  options: { outbox: boolean; consumers: Required<ConsumerGroupWatch>[] },
): DynamicModule {
  return MessagingMetricsModule.forService({
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => ({
      kafka: createKafka(`${service}-metrics`),
      query: (sql: string, params: unknown[]) => dataSource.query(sql, params),
      slots: options.outbox ? [outboxConnector(databaseConfig(service).database).slot] : [],
      groups: options.consumers,
      dlqTopics: options.consumers.flatMap((c) => c.topics.map((t) => Topics.deadLetter(t))),
    }),
  });
}
