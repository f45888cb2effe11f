export * from './envelope';
export * from './topics';
export * from './wallet.events';
export * from './saga-messages';
export * from './order-saga';
export * from './user.events';
