export * from './envelope';
export * from './topics';
export * from './wallet.events';
export * from './saga-messages';
export * from './order-saga';
export * from './user.events';
export * from './warehouse.events';
export * from './order.events';
