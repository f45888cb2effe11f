export * from './saga-kit';
