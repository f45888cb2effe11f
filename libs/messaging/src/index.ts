export * from './kafka.factory';
export * from './decode';
export * from './idempotent-consumer';
