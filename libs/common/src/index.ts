export * from './config';
export * from './errors';
export * from './http-error.filter';
export * from './correlation.middleware';
export * from './bootstrap';
export * from './migrations';
export * from './database';
export * from './reject-nul.middleware';
