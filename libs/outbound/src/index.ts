export * from './ip-address';
export * from './outbound-http';
export * from './target';
export * from './url-check';
