export * from './context';
export * from './logger';
export * from './metrics';
export * from './log-shipping';
export * from './health';
export * from './tracing';
export * from './messaging-metrics';
export * from './otel';
