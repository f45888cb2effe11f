export * from './log-sink';
export * from './shipping.transport';
export * from './opensearch.sink';
export * from './search';
