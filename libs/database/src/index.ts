export * from './database';
export * from './embedded-postgres';
export * from './serving-role';
export * from './unavailable';
export * from './listener';
