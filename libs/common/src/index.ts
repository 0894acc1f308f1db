export * from './domain-error';
export * from './request-context';
