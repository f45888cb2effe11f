export * from './kafka.factory';
export * from './decode';
export * from './dead-letter';
export * from './idempotent-consumer';
export * from './command-consumer';
export * from './ensure-topics';
export * from './messaging-metrics.module';
export * from './command-log/command-log.module';
