export * from './outbox.entity';
export * from './outbox.migration';
export * from './outbox.writer';
export * from './outbox-pruner.service';
