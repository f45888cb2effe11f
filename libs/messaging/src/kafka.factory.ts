import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';
import { intEnv, kafkaBrokers } from '@app/common';

const levels: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
  [logLevel.NOTHING]: 'debug',
};

/** One kafkajs client per service, logging through Nest's (winston) logger. */
export function createKafka(clientId: string, brokers: string[] = kafkaBrokers()): Kafka {
  const logger = new Logger('kafkajs');
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 10, maxRetryTime: 5000 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        logger[levels[level] ?? 'log']({ message, ...extra });
      },
  });
}

/**
 * Consumer tuning shared by every Gavel consumer: a 10 s session (a killed member's partitions move
 * quickly) and several partitions applied at once (order is kept within a partition, i.e. per key).
 */
export const consumerTuning = (): { sessionTimeout: number; partitionsConsumedConcurrently: number } => ({
  sessionTimeout: intEnv('GAVEL_KAFKA_SESSION_TIMEOUT_MS', 10_000),
  partitionsConsumedConcurrently: intEnv('GAVEL_KAFKA_PARTITIONS_CONCURRENTLY', 4),
});
